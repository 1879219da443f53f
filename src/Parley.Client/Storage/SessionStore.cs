using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Parley.Crypto;
using Parley.Crypto.Sessions;

namespace Parley.Client.Storage;

/// <summary>
/// One identity's sessions and session keys in SQLite (sessions.db in the identity's folder under --home,
/// mode 0600; docs/sessions.md §12.3). Every seal and open is one BEGIN IMMEDIATE transaction, which takes
/// the file's write lock before it reads anything: a chat window and a script on the same home wait for
/// each other (up to <see cref="SessionStoreOptions.BusyTimeout"/>) instead of both moving one session on
/// from the same state. secure_delete overwrites what a transaction replaced or deleted (ratchet states,
/// used one-time prekeys) instead of leaving it in free pages.
/// </summary>
public sealed class SessionStore : ISessionStore, IDisposable
{
    public const string FileName = "sessions.db";

    private const int SchemaVersion = 1;

    private readonly SqliteConnection _db;
    private readonly Identity _owner;
    private readonly ISessionEntropy _entropy;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _inProcess = new(1, 1);

    private SessionStore(SqliteConnection db, Identity owner, SessionStoreOptions options, ISessionEntropy entropy, TimeProvider time)
    {
        _db = db;
        _owner = owner;
        Options = options;
        _entropy = entropy;
        _time = time;
    }

    public SessionStoreOptions Options { get; }

    /// <summary>
    /// Opens (creating it 0600 if need be) the store at <paramref name="path"/> for <paramref name="owner"/>,
    /// and makes the identity agreement key, signed prekey and post-quantum prekey if it has none yet.
    /// </summary>
    /// <exception cref="ParleyException">Other: the file belongs to another RSA identity, or is not a session store.</exception>
    public static SessionStore Open(string path, Identity owner, SessionStoreOptions? options = null, ISessionEntropy? entropy = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(owner);
        options ??= SessionStoreOptions.Default;
        options.Validate();
        path = Path.GetFullPath(path);
        AtomicFile.EnsurePrivateFolder(Path.GetDirectoryName(path)!);
        CreatePrivateFile(path);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        var store = new SessionStore(db, owner, options, entropy ?? SystemEntropy.Instance, time ?? TimeProvider.System);
        try
        {
            db.Open();
            store.Execute($"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            store.Execute("PRAGMA secure_delete = ON;");
            store.Execute("PRAGMA synchronous = FULL;");
            store.Initialize();
            return store;
        }
        catch (SqliteException ex)
        {
            store.Dispose();
            throw new ParleyException(ParleyErrorKind.Other, $"the session store {path} is not usable: {ex.Message}", ex);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Starts a seal's or open's transaction (BEGIN IMMEDIATE), waiting for other writers in this process and others.</summary>
    public ISessionTransaction Begin()
    {
        _inProcess.Wait();
        try
        {
            var transaction = _db.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            return new SessionStoreTransaction(this, transaction);
        }
        catch
        {
            _inProcess.Release();
            throw;
        }
    }

    /// <summary>
    /// Answers "what should I upload now?" given what the server holds: rotates the signed and post-quantum
    /// prekeys when they are older than <see cref="SessionStoreOptions.PrekeyRotationPeriod"/>, forgets retired ones
    /// past <see cref="SessionStoreOptions.RetiredPrekeyGrace"/>, and makes one-time prekeys to refill the server's
    /// stock up to its maximum when it is below its refill mark. Keys made here are kept even if the upload
    /// fails: after a refusal (<see cref="MarkRefused"/>) the next plan offers them again first.
    /// </summary>
    public PrekeyUpload PlanUpload(PrekeyStatus status) => PlanUpload(status, out _);

    /// <summary>
    /// <see cref="PlanUpload(PrekeyStatus)"/>, bounded against a server that keeps asking (docs/sessions.md §13, "Keys"):
    /// a plan whose upload neither stored nor was refused (the answer was lost with the connection) may be on the server,
    /// so the next plan offers its one-time prekeys again with the server's dropped first, instead of adding ids it may hold; at
    /// most <see cref="SessionStoreOptions.MaxOneTimePrekeysMintedPerHour"/> are made per hour (<paramref name="held"/> then
    /// says why fewer were), and past <see cref="SessionStoreOptions.MaxHeldOneTimePrekeys"/> the oldest uploaded ones are forgotten.
    /// </summary>
    public PrekeyUpload PlanUpload(PrekeyStatus status, out string? held)
    {
        ArgumentNullException.ThrowIfNull(status);
        held = null;
        using var transaction = (SessionStoreTransaction)Begin();
        var now = _time.GetUtcNow();
        var rotateBefore = (now - Options.PrekeyRotationPeriod).ToUnixTimeMilliseconds();
        var signed = transaction.CurrentSigned("signed_prekeys");
        var quantum = transaction.CurrentSigned("pq_prekeys");
        var rotated = false;
        if (signed is null || signed.CreatedAtMs <= rotateBefore)
        {
            transaction.Retire("signed_prekeys", now);
            signed = transaction.AddSignedPrekey(now);
            rotated = true;
        }

        if (quantum is null || quantum.CreatedAtMs <= rotateBefore)
        {
            transaction.Retire("pq_prekeys", now);
            quantum = transaction.AddPostQuantumPrekey(now);
            rotated = true;
        }

        transaction.ForgetRetired((now - Options.RetiredPrekeyGrace).ToUnixTimeMilliseconds());
        var sendSigned = rotated || !status.Published || status.SignedPrekeyCreatedAt?.ToUnixTimeMilliseconds() != signed.CreatedAtMs;

        // Offered before with no answer: the server may hold them, so they go again only with the server's stock dropped
        // first (replace_one_time_prekeys, docs/protocol.md §12.1), never added again under ids it would refuse.
        var unanswered = transaction.OfferedOneTimePrekeys();
        var replace = unanswered.Count > 0 || !transaction.EverUploadedOneTimePrekeys();
        var left = replace ? 0 : Math.Max(0, status.OneTimePrekeys);
        var oneTime = new List<OneTimePrekey>();
        if (replace || left < status.RefillBelow)
        {
            var wanted = Math.Min(Math.Max(0, status.MaxOneTimePrekeys - left), Options.OneTimePrekeyBatch);
            oneTime.AddRange(unanswered.Take(wanted)); // the rest stay offered until a replace is stored (MarkUploaded)
            oneTime.AddRange(transaction.NotUploadedOneTimePrekeys(wanted - oneTime.Count));
            var fresh = wanted - oneTime.Count;
            var allowed = transaction.MintAllowance(now, Options.MaxOneTimePrekeysMintedPerHour);
            if (fresh > allowed)
            {
                held = $"the server asked for {fresh} more one-time prekeys, but {Options.MaxOneTimePrekeysMintedPerHour - allowed} were made "
                    + $"within the last hour (at most {Options.MaxOneTimePrekeysMintedPerHour}), so only {allowed} were; "
                    + "a server that keeps saying none are left is handing them out or dropping them";
                fresh = allowed;
            }

            oneTime.AddRange(transaction.AddOneTimePrekeys(fresh, now));
            transaction.CountMinted(now, fresh);
            transaction.MarkOffered(oneTime.Select(k => k.Id));
            transaction.ForgetOldestUploaded(Options.MaxHeldOneTimePrekeys);
        }

        var identityAgreementKey = sendSigned ? transaction.Keys.SignedIdentityAgreementKey : null;
        transaction.Commit();
        return new PrekeyUpload
        {
            IdentityAgreementKey = identityAgreementKey,
            SignedPrekey = sendSigned ? signed : null,
            PostQuantumPrekey = sendSigned ? quantum : null,
            OneTimePrekeys = oneTime,
            ReplaceOneTimePrekeys = replace,
        };
    }

    /// <summary>
    /// Records that the server stored <paramref name="upload"/> (its one-time prekeys are no longer offered again). After
    /// a replace the server holds only these, so keys still offered from a lost upload are plainly not uploaded now.
    /// </summary>
    public void MarkUploaded(PrekeyUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var transaction = (SessionStoreTransaction)Begin();
        var ids = upload.OneTimePrekeys.Select(k => k.Id).ToHashSet();
        transaction.MarkUploaded(ids);
        if (upload.ReplaceOneTimePrekeys)
        {
            transaction.MarkNotOffered(transaction.OfferedOneTimePrekeys().Select(k => k.Id).Where(id => !ids.Contains(id)).ToList());
        }

        transaction.Commit();
    }

    /// <summary>
    /// Records that the server refused <paramref name="upload"/> (stored nothing): its one-time prekeys are offered again
    /// as they are. A refused replace dropped nothing, so keys of a lost upload may still be on the server: they stay
    /// offered, and the next plan replaces again rather than adding ids the server would refuse as duplicates.
    /// </summary>
    public void MarkRefused(PrekeyUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.ReplaceOneTimePrekeys)
        {
            return;
        }

        using var transaction = (SessionStoreTransaction)Begin();
        transaction.MarkNotOffered(upload.OneTimePrekeys.Select(k => k.Id));
        transaction.Commit();
    }

    /// <summary>One-time prekeys held (uploaded or not), for tests and diagnostics.</summary>
    public int OneTimePrekeyCount()
    {
        using var transaction = (SessionStoreTransaction)Begin();
        return transaction.OneTimePrekeyCount();
    }

    /// <summary>The bundle this store would have the server hand out, with one of its one-time prekeys (or none): for tests.</summary>
    internal PrekeyBundle CurrentBundle(bool withOneTimePrekey)
    {
        using var transaction = (SessionStoreTransaction)Begin();
        var oneTime = withOneTimePrekey ? transaction.NotHandedOut() : null;
        var bundle = new PrekeyBundle(
            _owner.PublicKey.KeyId,
            transaction.Keys.SignedIdentityAgreementKey,
            transaction.CurrentSigned("signed_prekeys")!,
            transaction.CurrentSigned("pq_prekeys")!,
            oneTime);
        transaction.Commit();
        return bundle;
    }

    /// <summary>
    /// Runs <paramref name="open"/> (an open on this store) as the open of a delivery from the server's offline queue or
    /// a live one: a queued message's row in opened_messages is kept until an application took it, a live one's for
    /// <see cref="SessionStoreOptions.OpenedMessageWindow"/> only. Returns the open's result and the key of the row it
    /// wrote (null when nothing opened). One opener per store: the client's incoming deliveries.
    /// </summary>
    internal (SessionOpenResult Result, OpenedMessageKey? Key) OpenDelivery(bool queued, Func<SessionOpenResult> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        OpeningQueued = queued;
        LastOpened = null;
        try
        {
            var result = open();
            return (result, LastOpened);
        }
        finally
        {
            OpeningQueued = false;
            LastOpened = null;
        }
    }

    /// <summary>The message the delivery named by <paramref name="key"/> opened to, if it is still kept (expired rows go first).</summary>
    internal StoredOpenedMessage? FindOpened(OpenedMessageKey key)
    {
        using var transaction = (SessionStoreTransaction)Begin();
        OpenedMessageTable.Prune(transaction, NowMs, Options);
        var kept = OpenedMessageTable.Find(transaction, key);
        transaction.Commit();
        return kept;
    }

    /// <summary>Deletes the kept plaintexts that are past their bounds (a closing client leaves none it need not).</summary>
    internal void PruneOpened()
    {
        using var transaction = (SessionStoreTransaction)Begin();
        OpenedMessageTable.Prune(transaction, NowMs, Options);
        transaction.Commit();
    }

    /// <summary>The application took these opened messages: once past the window their plaintext is deleted.</summary>
    internal void MarkTaken(IReadOnlyCollection<OpenedMessageKey> keys)
    {
        using var transaction = (SessionStoreTransaction)Begin();
        OpenedMessageTable.MarkTaken(transaction, keys, NowMs);
        OpenedMessageTable.Prune(transaction, NowMs, Options);
        transaction.Commit();
    }

    /// <summary>Rows of opened_messages (plaintexts kept), for tests.</summary>
    internal int OpenedMessageCount()
    {
        using var transaction = (SessionStoreTransaction)Begin();
        return OpenedMessageTable.Count(transaction);
    }

    public void Dispose()
    {
        _db.Dispose();
        _inProcess.Dispose();
    }

    internal SqliteConnection Connection => _db;

    internal Identity Owner => _owner;

    internal ISessionEntropy Entropy => _entropy;

    internal long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    internal void Release() => _inProcess.Release();

    /// <summary>Within <see cref="OpenDelivery"/>: whether the delivery being opened came from the offline queue.</summary>
    internal bool OpeningQueued { get; private set; }

    /// <summary>Set by a transaction that recorded an opened message, for <see cref="OpenDelivery"/>.</summary>
    internal OpenedMessageKey? LastOpened { get; set; }

    private void Initialize()
    {
        using var transaction = (SessionStoreTransaction)Begin();
        foreach (var statement in SessionStoreSchema.Statements)
        {
            transaction.Execute(statement);
        }

        var version = transaction.Meta("schema_version");
        if (version is not null && version != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ParleyException(ParleyErrorKind.Other, $"the session store has schema version {version}; this Parley reads version {SchemaVersion}");
        }

        var owner = Convert.ToHexStringLower(_owner.PublicKey.KeyId);
        var storedOwner = transaction.Meta("owner_key_id");
        if (storedOwner is not null && storedOwner != owner)
        {
            throw new ParleyException(ParleyErrorKind.Other, "the session store belongs to another RSA identity than this home's identity file");
        }

        OpenedMessageTable.Prune(transaction, NowMs, Options);
        transaction.SetMeta("schema_version", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        transaction.SetMeta("owner_key_id", owner);
        var now = _time.GetUtcNow();
        transaction.EnsureIdentityAgreementKey(now);
        if (transaction.CurrentSigned("signed_prekeys") is null)
        {
            transaction.AddSignedPrekey(now);
        }

        if (transaction.CurrentSigned("pq_prekeys") is null)
        {
            transaction.AddPostQuantumPrekey(now);
        }

        transaction.Commit();
    }

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Creates the file owner-only before SQLite opens it; SQLite gives its journal the same mode.</summary>
    private static void CreatePrivateFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = AtomicFile.PrivateFile;
        }

        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it at the same moment.
        }
    }

    internal static uint RandomId()
    {
        // Random ids, so a wiped and re-created store never reuses an id a peer's first message may still name:
        // such a message then fails as an unknown prekey (and is answered with SESSION_UNKNOWN) rather than
        // deriving a wrong key and looking tampered.
        Span<byte> bytes = stackalloc byte[4];
        uint id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToUInt32(bytes);
        }
        while (id == 0);
        return id;
    }
}
