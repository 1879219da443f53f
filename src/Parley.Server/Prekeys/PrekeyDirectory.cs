using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Prekeys;

/// <summary>
/// UploadPrekeys, FetchBundle and PrekeyStatus (docs/protocol.md §12.1): each key publishes its own prekeys, anyone
/// logged in fetches a name's owner's bundle, and each bundle takes one one-time prekey with it. The dispatcher has
/// already taken a request token for each upload and fetch.
/// </summary>
internal sealed class PrekeyDirectory(
    ParleyServerOptions options,
    NameRegistry registry,
    IPresence presence,
    PrekeyStore store,
    OneTimePrekeyRationing rationing,
    ServerMetrics metrics)
{
    /// <summary>What <paramref name="owner"/>'s key holds now: sent in LoginAccepted.prekeys at every login.</summary>
    public PrekeyStatus StatusOf(RegisteredName owner) => Status(store.Counts(owner.KeyId));

    public void OnUpload(ClientSession session, UploadPrekeys upload)
    {
        var owner = session.Identity!;
        string? problem;
        using (var key = PeerKey.FromSpki(owner.PublicKey.Span))
        {
            problem = PrekeyUploadCheck.Problem(upload, key);
        }

        if (problem is not null)
        {
            session.SendOrDrop(Stored(upload.RequestId, ErrorCode.InvalidRequest, "nothing was stored: " + problem, store.Counts(owner.KeyId)));
            return;
        }

        var outcome = store.Store(owner.KeyId, upload, options.MaxOneTimePrekeys);
        switch (outcome.Result)
        {
            case UploadResult.TooManyOneTimePrekeys:
                var kept = upload.ReplaceOneTimePrekeys ? 0 : outcome.Counts.OneTimePrekeys;
                session.SendOrDrop(Stored(
                    upload.RequestId,
                    ErrorCode.TooManyPrekeys,
                    $"nothing was stored: {kept} one-time prekeys kept and {upload.OneTimePrekeys.Count} given would exceed the {options.MaxOneTimePrekeys} this server keeps per key",
                    outcome.Counts));
                return;
            case UploadResult.OneTimePrekeyIdTaken:
                session.SendOrDrop(Stored(
                    upload.RequestId,
                    ErrorCode.InvalidRequest,
                    $"nothing was stored: one_time_prekeys: id {outcome.TakenId} is already stored for this key (ids are unique per key)",
                    outcome.Counts));
                return;
        }

        metrics.PrekeysUploaded();
        session.SendOrDrop(Stored(upload.RequestId, ErrorCode.Ok, string.Empty, outcome.Counts));
    }

    public void OnFetch(ClientSession session, FetchBundle fetch)
    {
        var answer = new Bundle { RequestId = fetch.RequestId };
        if (Find(fetch.Name) is not { } owner)
        {
            answer.Code = ErrorCode.UnknownRecipient;
            answer.Message = NameRules.TryNormalize(fetch.Name, out var name, out var error)
                ? $"no one is registered as '{name}'"
                : "invalid name: " + error;
            session.SendOrDrop(new ServerFrame { Bundle = answer });
            return;
        }

        answer.Name = owner.Name;
        var fetcher = session.Identity!;
        var taken = rationing.Ration(
            fetcher.Fingerprint,
            owner.Fingerprint,
            allowed => (Bundle: store.Take(owner.KeyId, allowed), Allowed: allowed),
            result => result.Bundle?.OneTimePrekey is not null);
        if (taken.Bundle is not { } bundle)
        {
            answer.Code = ErrorCode.NoPrekeys;
            answer.Message = $"'{owner.Name}' has published no prekey bundle (identity agreement key, signed prekey and post-quantum prekey)";
            session.SendOrDrop(new ServerFrame { Bundle = answer });
            return;
        }

        answer.Code = ErrorCode.Ok;
        answer.PublicKey = owner.PublicKey;
        answer.IdentityAgreementKey = bundle.IdentityAgreementKey;
        answer.SignedPrekey = bundle.SignedPrekey;
        answer.PqPrekey = bundle.PostQuantumPrekey;
        if (bundle.OneTimePrekey is { } oneTime)
        {
            answer.OneTimePrekey = oneTime;
        }
        else
        {
            answer.Message = taken.Allowed
                ? $"'{owner.Name}' has no one-time prekeys left"
                : $"no one-time prekey: this key got one of '{owner.Name}''s within the last {options.OneTimePrekeyPerFetcherInterval.TotalSeconds:0} s";
        }

        metrics.BundleHandedOut(withOneTimePrekey: bundle.OneTimePrekey is not null);
        session.SendOrDrop(new ServerFrame { Bundle = answer });
        if (bundle.OneTimePrekey is not null && bundle.OneTimePrekeysLeft < options.PrekeyRefillBelow)
        {
            PushStatus(owner);
        }
    }

    /// <summary>Tells every online session of the owner's key (under any of its names) how many one-time prekeys are left.</summary>
    private void PushStatus(RegisteredName owner)
    {
        var frame = new ServerFrame { PrekeyStatus = Status(store.Counts(owner.KeyId)) };
        foreach (var online in presence.OnlineNamesOwnedBy(owner.KeyId))
        {
            foreach (var session in online.Sessions)
            {
                session.SendOrDrop(frame);
                metrics.PrekeyStatusPushed();
            }
        }
    }

    // Exactly as LookupPeer resolves a name (InProcessMessageRouter.OnLookup): the online spelling, else the registry's rules.
    private RegisteredName? Find(string name) =>
        presence.FindByExactName(name)?.Registration
        ?? (NameRules.TryNormalize(name, out var normalized, out _) ? registry.Find(normalized) : null);

    private PrekeyStatus Status(PrekeyCounts counts) => new()
    {
        Published = counts.Published,
        OneTimePrekeys = (uint)counts.OneTimePrekeys,
        SignedPrekeyCreatedAtMs = counts.SignedPrekeyCreatedAtMs,
        RefillBelow = (uint)options.PrekeyRefillBelow,
        MaxOneTimePrekeys = (uint)options.MaxOneTimePrekeys,
    };

    private ServerFrame Stored(ulong requestId, ErrorCode code, string message, PrekeyCounts counts) => new()
    {
        PrekeysStored = new PrekeysStored { RequestId = requestId, Code = code, Message = message, Status = Status(counts) },
    };
}
