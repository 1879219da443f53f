using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Parley.Client.Storage;
using Parley.Crypto;

namespace Parley.Client;

/// <summary>
/// The keys one identity has pinned for its peers on one server (trust on first use), kept in
/// known_peers.json with the pins of its other servers: the same name on two servers is two peers.
/// A pin is the whole key (SubjectPublicKeyInfo DER), compared in fixed time; the fingerprint is
/// only for people. Pins of a version-1 file (which had no servers) stand for every server that has
/// no pin of its own for the name; they are never moved or removed, since any server accepts a first
/// login and a mistyped or hostile one must not take them. Thread-safe; picks up changes another
/// process (e.g. `parley keys trust`) writes to the file.
/// </summary>
public sealed class KnownPeers
{
    // Reads (roster display, every delivery) look at the file's time at most this often; writes always do.
    private static readonly TimeSpan s_recheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private KnownPeersFile _file = new();
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private long _lastCheckTimestamp;

    /// <param name="server">The server these pins belong to, as <see cref="ScopeOf"/> writes it.</param>
    /// <exception cref="ParleyException">The pin file exists but is damaged.</exception>
    internal KnownPeers(string path, string server)
    {
        FilePath = path;
        Server = server;
        ReloadIfChanged(force: true);
    }

    /// <summary>The server ("host:port", host in lower case) whose peers these are.</summary>
    public string Server { get; }

    internal string FilePath { get; }

    /// <summary>How <paramref name="spki"/> compares with the pin; FirstSeen pins it (and persists it); Changed never overwrites.</summary>
    /// <exception cref="ParleyException">InvalidName; ProtocolError: a key Parley refuses (nothing is pinned).</exception>
    public PinStatus Check(string peerName, byte[] spki) => Check(IdentityName.Parse(peerName), spki, out _);

    /// <summary>Like <see cref="Check(string, byte[])"/>; <paramref name="pinnedKey"/> is the key pinned now (the one to seal to).</summary>
    internal PinStatus Check(IdentityName name, byte[] spki, out byte[] pinnedKey)
    {
        RequireAcceptable(name, spki);
        lock (_lock)
        {
            ReloadIfChanged(force: true);
            if (PinOf(name.UniquenessKey) is { } pinned)
            {
                pinnedKey = KeyOf(pinned);
                return SameKey(pinnedKey, spki) ? PinStatus.Matches : PinStatus.Changed;
            }

            Pin(name, spki, verifiedAt: null);
            pinnedKey = spki;
            return PinStatus.FirstSeen;
        }
    }

    /// <summary>Like <see cref="Check(string, byte[])"/> but never pins: FirstSeen means "not pinned".</summary>
    public PinStatus Peek(string peerName, ReadOnlySpan<byte> spki)
    {
        var pinned = Find(peerName);
        return pinned is null ? PinStatus.FirstSeen
            : SameKey(KeyOf(pinned), spki) ? PinStatus.Matches
            : PinStatus.Changed;
    }

    /// <summary>True when <paramref name="spki"/> is the pinned key and the user marked it verified.</summary>
    public bool IsVerified(string peerName, ReadOnlySpan<byte> spki) =>
        Find(peerName) is { VerifiedAt: not null } pinned && SameKey(KeyOf(pinned), spki);

    /// <summary>Null when nothing is pinned for that name. Computed from the pinned key.</summary>
    public string? PinnedFingerprint(string peerName) =>
        Find(peerName) is { } pinned ? KeyFingerprint.Format(KeyOf(pinned)) : null;

    /// <summary>The pinned key (SubjectPublicKeyInfo DER), or null.</summary>
    public byte[]? PinnedKey(string peerName) => Find(peerName) is { } pinned ? KeyOf(pinned) : null;

    /// <summary>The spelling the pin for this name (or a lookalike of it) was made under, or null.</summary>
    internal string? PinnedName(string peerName) => Find(peerName)?.Name;

    /// <summary>
    /// Pins <paramref name="spki"/> as the peer's key at the user's request. A first pin needs
    /// nothing more; replacing a different pinned key needs <paramref name="confirmedFingerprint"/>,
    /// the new key's fingerprint as the peer read it out of band. A fingerprint that does not
    /// match <paramref name="spki"/> changes nothing.
    /// </summary>
    /// <exception cref="ParleyException">InvalidName; ProtocolError: a key Parley refuses (nothing is pinned).</exception>
    public TrustOutcome Trust(string peerName, byte[] spki, string? confirmedFingerprint = null)
    {
        var name = IdentityName.Parse(peerName);
        RequireAcceptable(name, spki);
        if (confirmedFingerprint is not null && !KeyFingerprint.Matches(confirmedFingerprint, spki))
        {
            return TrustOutcome.FingerprintMismatch;
        }

        lock (_lock)
        {
            ReloadIfChanged(force: true);
            if (PinOf(name.UniquenessKey) is not { } pinned)
            {
                Pin(name, spki, verifiedAt: null);
                return TrustOutcome.Pinned;
            }

            if (SameKey(KeyOf(pinned), spki))
            {
                return TrustOutcome.AlreadyTrusted;
            }

            if (confirmedFingerprint is null)
            {
                return TrustOutcome.FingerprintNeeded;
            }

            Pin(name, spki, verifiedAt: null);
            return TrustOutcome.Replaced;
        }
    }

    /// <summary>
    /// Records that the user compared the safety number with the peer. Only for the pinned key:
    /// false (nothing recorded) when <paramref name="spki"/> is not it.
    /// </summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public bool MarkVerified(string peerName, byte[] spki)
    {
        var name = IdentityName.Parse(peerName);
        lock (_lock)
        {
            ReloadIfChanged(force: true);
            if (PinOf(name.UniquenessKey) is not { } pinned || !SameKey(KeyOf(pinned), spki))
            {
                return false;
            }

            if (pinned.VerifiedAt is null)
            {
                Save(name.UniquenessKey, pinned with { VerifiedAt = DateTimeOffset.UtcNow });
            }

            return true;
        }
    }

    /// <summary>Every pin on this server (version-1 pins included): name, fingerprint, when pinned, whether verified.</summary>
    public IReadOnlyList<(string Name, string Fingerprint, DateTimeOffset PinnedAt, bool Verified)> List()
    {
        lock (_lock)
        {
            ReloadIfChanged();
            var pins = Pins();
            var legacy = (_file.Peers ?? []).Where(p => !pins.ContainsKey(p.Key)).Select(p => p.Value);
            return [.. pins.Values.Concat(legacy)
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => (p.Name, KeyFingerprint.Format(KeyOf(p)), p.PinnedAt, p.VerifiedAt is not null))];
        }
    }

    /// <summary>How a server address is written as the scope of its pins.</summary>
    internal static string ScopeOf(Connection.ServerAddress address) =>
        (address with { Host = address.Host.ToLowerInvariant() }).ToString();

    private static void RequireAcceptable(IdentityName name, ReadOnlySpan<byte> spki)
    {
        if (KeyRules.ProblemWith(spki) is { } problem)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError, $"the key presented for {QuotedField.Of(name.Normalized)} is one Parley refuses ({problem}); nothing was pinned");
        }
    }

    private static bool SameKey(ReadOnlySpan<byte> pinned, ReadOnlySpan<byte> presented) =>
        CryptographicOperations.FixedTimeEquals(pinned, presented);

    private static byte[] KeyOf(PinnedPeer pinned) => Convert.FromBase64String(pinned.PublicKey);

    private PinnedPeer? Find(string peerName)
    {
        if (!IdentityName.TryParse(peerName, out var name, out _))
        {
            return null;
        }

        lock (_lock)
        {
            ReloadIfChanged();
            return PinOf(name.UniquenessKey);
        }
    }

    private Dictionary<string, PinnedPeer> Pins() =>
        _file.Servers.TryGetValue(Server, out var pins) ? pins : new Dictionary<string, PinnedPeer>();

    /// <summary>This server's pin for the name, else the version-1 pin.</summary>
    private PinnedPeer? PinOf(string uniquenessKey) =>
        Pins().TryGetValue(uniquenessKey, out var pinned) ? pinned : _file.Peers?.GetValueOrDefault(uniquenessKey);

    private void Pin(IdentityName name, byte[] spki, DateTimeOffset? verifiedAt) =>
        Save(name.UniquenessKey, new PinnedPeer(name.Normalized, Convert.ToBase64String(spki), KeyFingerprint.Format(spki), DateTimeOffset.UtcNow, verifiedAt));

    private void Save(string uniquenessKey, PinnedPeer pinned)
    {
        var pins = new Dictionary<string, PinnedPeer>(Pins(), StringComparer.Ordinal) { [uniquenessKey] = pinned };
        Write(_file with { Servers = new(_file.Servers, StringComparer.Ordinal) { [Server] = pins } });
    }

    private void Write(KnownPeersFile file)
    {
        AtomicFile.EnsurePrivateFolder(Path.GetDirectoryName(FilePath)!);
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(file, StorageJson.Default.KnownPeersFile));
        _file = file;
        _loadedWriteTime = File.GetLastWriteTimeUtc(FilePath);
    }

    // Pins are stored under the uniqueness key of their day; the rule (and ICU's data) can change since,
    // so they are keyed anew from their names. Of pins that now share a key the oldest is kept: the
    // others' names then meet a different key and are refused as changed, loudly, never re-pinned.
    private static Dictionary<string, PinnedPeer> KeyedByCurrentRule(Dictionary<string, PinnedPeer> stored)
    {
        var rekeyed = new Dictionary<string, PinnedPeer>(StringComparer.Ordinal);
        foreach (var pin in stored.Values.OrderBy(p => p.PinnedAt))
        {
            if (IdentityName.TryParse(pin.Name, out var name, out _))
            {
                rekeyed.TryAdd(name.UniquenessKey, pin);
            }
        }

        return rekeyed;
    }

    private void ReloadIfChanged(bool force = false)
    {
        if (!force && _lastCheckTimestamp != 0 && Stopwatch.GetElapsedTime(_lastCheckTimestamp) < s_recheckInterval)
        {
            return;
        }

        _lastCheckTimestamp = Stopwatch.GetTimestamp();
        var writeTime = File.GetLastWriteTimeUtc(FilePath);
        if (writeTime == _loadedWriteTime)
        {
            return;
        }

        if (!File.Exists(FilePath))
        {
            _file = new KnownPeersFile();
            _loadedWriteTime = writeTime;
            return;
        }

        // The time is taken as loaded only once parsed: a damaged file is read (and refused) again
        // every time, never overwritten with the copy loaded before it was damaged.
        try
        {
            _file = Upgrade(JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), StorageJson.Default.KnownPeersFile));
            _loadedWriteTime = writeTime;
        }
        catch (JsonException ex)
        {
            throw new ParleyException(ParleyErrorKind.Other, $"the pin file {FilePath} is damaged ({ex.Message}); fix or remove it", ex);
        }
    }

    /// <summary>Checks what was read; a version-1 file's pins stay in <see cref="KnownPeersFile.Peers"/>.</summary>
    private KnownPeersFile Upgrade(KnownPeersFile? loaded)
    {
        if (loaded is null)
        {
            return new KnownPeersFile();
        }

        if (loaded.Version > KnownPeersFile.CurrentVersion)
        {
            throw new ParleyException(
                ParleyErrorKind.Other,
                $"the pin file {FilePath} is version {loaded.Version}, newer than this client reads ({KnownPeersFile.CurrentVersion})");
        }

        var stored = (loaded.Servers ?? []).Values.SelectMany(p => p?.Values ?? Enumerable.Empty<PinnedPeer>());
        if (stored.Concat(loaded.Peers?.Values ?? Enumerable.Empty<PinnedPeer>()).Any(p => !IsWellFormed(p)))
        {
            throw new JsonException("a pin has no name, no key or a key that is not base64");
        }

        var servers = new Dictionary<string, Dictionary<string, PinnedPeer>>(StringComparer.Ordinal);
        foreach (var (server, pins) in loaded.Servers ?? [])
        {
            servers[server] = KeyedByCurrentRule(pins ?? []);
        }

        var legacy = loaded.Peers is { Count: > 0 } peers ? KeyedByCurrentRule(peers) : null;
        return new KnownPeersFile { Peers = legacy, Servers = servers };
    }

    private static bool IsWellFormed(PinnedPeer? pinned) =>
        pinned?.Name is not null && pinned.PublicKey is { Length: > 0 } key && Convert.TryFromBase64String(key, new byte[key.Length], out _);
}
