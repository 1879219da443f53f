using Google.Protobuf;
using Parley.Client.Connection;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;
using WireOneTimePrekey = Parley.Protocol.Messages.OneTimePrekey;

namespace Parley.Client.Prekeys;

/// <summary>
/// This identity's prekeys on the server, and other identities' bundles from it (docs/protocol.md §12.1). A fetched
/// bundle is never trusted as the server says it: it must answer the request (its id and frame kind), be about the
/// name asked for, carry the key the caller expects, and pass <see cref="PrekeyBundleVerifier"/> against that key.
/// </summary>
internal sealed class PrekeyExchange
{
    private readonly LiveConnection _channel;
    private readonly Action<ClientEvent> _emit;
    private PrekeyStatus? _status;

    public PrekeyExchange(LiveConnection connection, LoginAccepted accepted, Action<ClientEvent> emit)
    {
        _channel = connection;
        _emit = emit;
        _status = PrekeyStatus.From(accepted.Prekeys);
        connection.On(ServerFrame.BodyOneofCase.PrekeyStatus, OnPushed);
    }

    /// <summary>The latest the server said: at login (and each login after a reconnect), after an upload, or pushed.</summary>
    public PrekeyStatus? Status => Volatile.Read(ref _status);

    /// <summary>A login (the first or after a reconnect) tells what the server holds now.</summary>
    public void OnLoggedIn(LoginAccepted accepted)
    {
        var status = PrekeyStatus.From(accepted.Prekeys);
        Volatile.Write(ref _status, status);
        if (status is not null)
        {
            StatusChanged?.Invoke(status);
        }
    }

    /// <summary>Called with what the server says it holds after a reconnect's login and with each status it pushes.</summary>
    public Action<PrekeyStatus>? StatusChanged { get; set; }

    /// <exception cref="ArgumentException">A signed key of another kind than its slot.</exception>
    /// <exception cref="ParleyException">InvalidRequest (the message names the field), TooManyPrekeys, RateLimited,
    /// ProtocolError, Disconnected.</exception>
    public async Task<PrekeyStatus> UploadAsync(PrekeyUpload upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var request = new UploadPrekeys
        {
            IdentityAgreementKey = ToWire(upload.IdentityAgreementKey, PrekeyKind.IdentityAgreement, nameof(upload.IdentityAgreementKey)),
            SignedPrekey = ToWire(upload.SignedPrekey, PrekeyKind.SignedPrekey, nameof(upload.SignedPrekey)),
            PqPrekey = ToWire(upload.PostQuantumPrekey, PrekeyKind.PostQuantumPrekey, nameof(upload.PostQuantumPrekey)),
            ReplaceOneTimePrekeys = upload.ReplaceOneTimePrekeys,
        };
        foreach (var oneTime in upload.OneTimePrekeys)
        {
            request.OneTimePrekeys.Add(new WireOneTimePrekey { Id = oneTime.Id, PublicKey = ByteString.CopyFrom(oneTime.PublicKey) });
        }

        var frame = await _channel.RequestAsync(
            id =>
            {
                request.RequestId = id;
                return new ClientFrame { UploadPrekeys = request };
            },
            ct).ConfigureAwait(false);
        if (frame.BodyCase != ServerFrame.BodyOneofCase.PrekeysStored)
        {
            throw new ParleyException(ParleyErrorKind.ProtocolError, $"the server broke the protocol: it answered a prekey upload with {frame.BodyCase}");
        }

        var stored = frame.PrekeysStored;
        if (stored.Code != ErrorCode.Ok)
        {
            throw Refusal(stored.Code, stored.Message, "the prekey upload");
        }

        var status = PrekeyStatus.From(stored.Status)
            ?? throw new ParleyException(ParleyErrorKind.ProtocolError, "the server broke the protocol: it stored the prekeys without saying what it holds");
        Volatile.Write(ref _status, status);
        return status;
    }

    /// <summary>
    /// One bundle of <paramref name="name"/>'s owner, checked to be <paramref name="expectedOwner"/>'s (the pinned key).
    /// Each call takes one of the owner's one-time prekeys on the server, if one is left for this client.
    /// </summary>
    /// <exception cref="ParleyException">UnknownName, NoPrekeys, RateLimited, WrongIdentity (another key, or a signature
    /// that is not the expected key's), InvalidName, ProtocolError (an answer about another name, or malformed), Disconnected.</exception>
    public async Task<VerifiedPrekeyBundle> FetchBundleAsync(string name, PeerKey expectedOwner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(expectedOwner);
        var asked = IdentityName.Parse(name);
        var frame = await _channel.RequestAsync(
            id => new ClientFrame { FetchBundle = new FetchBundle { RequestId = id, Name = asked.Normalized } },
            ct).ConfigureAwait(false);
        if (frame.BodyCase != ServerFrame.BodyOneofCase.Bundle)
        {
            throw new ParleyException(ParleyErrorKind.ProtocolError, $"the server broke the protocol: it answered the bundle request for '{asked.Normalized}' with {frame.BodyCase}");
        }

        var answer = frame.Bundle;
        if (answer.Code != ErrorCode.Ok)
        {
            throw Refusal(answer.Code, answer.Message, $"the bundle of '{asked.Normalized}'");
        }

        if (!IdentityName.TryParse(answer.Name, out var answered, out _) || answered.UniquenessKey != asked.UniquenessKey)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server broke the protocol: asked for the bundle of '{asked.Normalized}', it answered with the bundle of {QuotedField.Of(answer.Name)}; it was refused");
        }

        if (!answer.PublicKey.Span.SequenceEqual(expectedOwner.Spki))
        {
            var presented = answer.PublicKey.IsEmpty ? "no key" : "the key " + KeyFingerprint.Format(answer.PublicKey.Span);
            throw new ParleyException(
                ParleyErrorKind.WrongIdentity,
                $"the server handed out a bundle of '{asked.Normalized}' with {presented}, not the expected {expectedOwner.Fingerprint}: "
                + "the name's key changed or the server is not honest; the bundle was refused");
        }

        var bundle = new PrekeyBundle(
            KeyFingerprint.KeyId(answer.PublicKey.Span),
            FromWire(answer.IdentityAgreementKey, PrekeyKind.IdentityAgreement, "identity_agreement_key", asked),
            FromWire(answer.SignedPrekey, PrekeyKind.SignedPrekey, "signed_prekey", asked),
            FromWire(answer.PqPrekey, PrekeyKind.PostQuantumPrekey, "pq_prekey", asked),
            answer.OneTimePrekey is { } oneTime ? new Crypto.Sessions.OneTimePrekey(oneTime.Id, oneTime.PublicKey.ToByteArray()) : null);
        try
        {
            return PrekeyBundleVerifier.Verify(bundle, expectedOwner);
        }
        catch (SessionRejectedException ex)
        {
            throw new ParleyException(
                ex.Reason is SessionRejection.WrongIdentity or SessionRejection.BadSignature ? ParleyErrorKind.WrongIdentity : ParleyErrorKind.ProtocolError,
                $"the bundle of '{asked.Normalized}' was refused: {ex.Message}",
                ex);
        }
    }

    private void OnPushed(ServerFrame frame)
    {
        if (PrekeyStatus.From(frame.PrekeyStatus) is { } status)
        {
            Volatile.Write(ref _status, status);
            _emit(new PrekeyStatusEvent(status));
            StatusChanged?.Invoke(status);
        }
    }

    private static SignedPrekey? ToWire(SignedPublicKey? key, PrekeyKind slot, string parameter)
    {
        if (key is null)
        {
            return null;
        }

        if (key.Kind != slot)
        {
            throw new ArgumentException($"{parameter} must be a key of kind {slot}, not {key.Kind}", parameter);
        }

        return new SignedPrekey
        {
            Id = key.Id,
            CreatedAtMs = key.CreatedAtMs,
            PublicKey = ByteString.CopyFrom(key.PublicKey),
            Signature = ByteString.CopyFrom(key.Signature),
        };
    }

    private static SignedPublicKey FromWire(SignedPrekey? key, PrekeyKind kind, string field, IdentityName asked) => key is null
        ? throw new ParleyException(ParleyErrorKind.ProtocolError, $"the server broke the protocol: the bundle of '{asked.Normalized}' has no {field}")
        : new SignedPublicKey(kind, key.Id, key.CreatedAtMs, key.PublicKey.ToByteArray(), key.Signature.ToByteArray());

    private static ParleyException Refusal(ErrorCode code, string message, string what)
    {
        var kind = code switch
        {
            ErrorCode.UnknownRecipient => ParleyErrorKind.UnknownName,
            ErrorCode.NoPrekeys => ParleyErrorKind.NoPrekeys,
            ErrorCode.RateLimited => ParleyErrorKind.RateLimited,
            ErrorCode.InvalidRequest => ParleyErrorKind.InvalidRequest,
            ErrorCode.TooManyPrekeys => ParleyErrorKind.TooManyPrekeys,
            _ => ParleyErrorKind.Other,
        };
        var detail = string.IsNullOrWhiteSpace(message) ? code.ToString() : message.ReplaceLineEndings(" ").Trim();
        return new ParleyException(kind, $"the server refused {what}: {detail}") { ServerCode = code };
    }
}
