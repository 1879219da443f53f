using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Limits;
using Parley.Server.Metrics;
using Parley.Server.OfflineQueue;
using Parley.Server.Prekeys;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Authentication;

/// <summary>Hello and Login: version negotiation, the challenge, and proof of key possession.</summary>
internal sealed partial class Handshake(
    ParleyServerOptions options,
    NameRegistry registry,
    IPresence presence,
    LoginVerifier verifier,
    ServerMetrics metrics,
    AdmissionLimits limits,
    PrekeyDirectory prekeys,
    OfflineMessageQueue offlineQueue,
    ILogger<Handshake> logger)
{
    public const string ServerSoftware = "parley/0.1";

    private readonly uint _loginTimeoutMs = Milliseconds(options.LoginTimeout);
    private readonly uint _heartbeatIntervalMs = Milliseconds(options.HeartbeatInterval);
    private readonly uint _idleTimeoutMs = Milliseconds(options.IdleTimeout);

    /// <exception cref="ProtocolViolationException">The hello is refused; fatal.</exception>
    public void OnHello(ClientSession session, Hello hello)
    {
        if (session.State != SessionState.AwaitingHello)
        {
            throw new ProtocolViolationException(ErrorCode.UnexpectedFrame, "hello was already received");
        }

        if (hello.ProtocolVersion < ProtocolConstants.Version)
        {
            // Version 1 signed logins bound to no server: relayed live, they logged in elsewhere. Refused, not downgraded.
            throw new ProtocolViolationException(
                ErrorCode.UnsupportedVersion,
                hello.ProtocolVersion == 0
                    ? $"protocol version 0 does not exist; this server speaks version {ProtocolConstants.Version} only"
                    : $"protocol version {hello.ProtocolVersion} is no longer spoken; this server speaks version {ProtocolConstants.Version} only "
                        + "(logins bound to the server's TLS certificate): update the client");
        }

        var challenge = RandomNumberGenerator.GetBytes(ProtocolConstants.ChallengeBytes);
        session.Challenge = challenge;
        session.ClientSoftware = ClientSoftwareLabel.From(hello.ClientSoftware);
        session.State = SessionState.AwaitingLogin;
        session.SendOrDrop(new ServerFrame
        {
            Welcome = new Welcome
            {
                ProtocolVersion = ProtocolConstants.Version, // older versions were refused above; a newer client speaks this one too
                ServerSoftware = ServerSoftware,
                Challenge = ByteString.CopyFrom(challenge),
                MaxFrameBytes = (uint)options.MaxFrameBytes,
                LoginTimeoutMs = _loginTimeoutMs,
                HeartbeatIntervalMs = _heartbeatIntervalMs,
                IdleTimeoutMs = _idleTimeoutMs,
            },
        });
    }

    /// <summary>Checks the login; the signature is checked by <see cref="LoginVerifier"/>, off the socket threads.</summary>
    /// <exception cref="ProtocolViolationException">The login is refused; fatal.</exception>
    public async Task OnLoginAsync(ClientSession session, Login login)
    {
        if (session.State != SessionState.AwaitingLogin || session.Challenge is not { } challenge)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame,
                session.State == SessionState.LoggedIn ? "this connection is already logged in" : "login must follow hello");
        }

        // Before anything costly: a login flood from one address stops here, before its signature is checked.
        if (session.Admission is { } admission && !limits.TryStartLogin(admission, out var tooFast))
        {
            Refuse(session, tooFast);
            return;
        }

        if (!NameRules.TryNormalize(login.Name, out var name, out var nameError))
        {
            throw new ProtocolViolationException(ErrorCode.InvalidName, "invalid name: " + nameError);
        }

        // Only new names must keep to one script: names registered before the rule keep working.
        if (registry.Find(name) is null && !NameRules.TryCheckScriptMix(name, out var scriptError))
        {
            throw new ProtocolViolationException(ErrorCode.InvalidName, "invalid name: " + scriptError);
        }

        PeerKey key;
        try
        {
            key = PeerKey.FromSpki(login.PublicKey.Span);
        }
        catch (InvalidKeyException ex)
        {
            throw new ProtocolViolationException(ErrorCode.InvalidPublicKey, "invalid public key: " + ex.Message);
        }

        RegistrationOutcome outcome;
        using (key)
        {
            // The client signs the name and key exactly as it sent them.
            var transcript = LoginTranscript.Build(challenge, session.Connection.ChannelBinding.Span, login.Name, login.PublicKey.Span);
            var abandoned = session.LoginAbandonedToken;
            var verification = verifier.TryVerify(key, transcript, login.Signature.Memory, abandoned)
                ?? throw (verifier.IsStopping
                    ? new ProtocolViolationException(ErrorCode.ServerShuttingDown, "the server is shutting down")
                    : new ProtocolViolationException(ErrorCode.ServerBusy, "login verification queue is full, try again shortly"));
            bool verified;
            try
            {
                verified = await verification;
            }
            catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
            {
                session.Close(); // timed out or the connection closed while queued: the check was skipped
                return;
            }
            catch (OperationCanceledException)
            {
                // Dropped because the verifier stopped (the server is shutting down).
                throw new ProtocolViolationException(ErrorCode.ServerShuttingDown, "the server is shutting down");
            }

            if (!verified)
            {
                throw new ProtocolViolationException(
                    ErrorCode.BadSignature,
                    "the login signature does not verify with the given public key, this connection's challenge and this server's certificate "
                        + "(a login relayed through a proxy holding another certificate is refused)");
            }

            // One claim decides between this login and its timer or the connection closing, so a login
            // that timed out or lost its connection while its signature was checked registers nothing.
            if (!session.TryCompleteLogin())
            {
                session.Close();
                return;
            }

            if (registry.Find(name) is null && session.Admission is { } registering && !limits.TryRegister(registering, out var registrationRefused))
            {
                Refuse(session, registrationRefused);
                return;
            }

            if (!registry.TryRegister(name, key.Spki, key.Fingerprint, options.MaxNamesPerKey, out outcome))
            {
                Refuse(session, (new Refusal(
                    ErrorCode.TooManyNames,
                    $"this key already owns {registry.NamesOwnedBy(key.Fingerprint)} names, the most one key may register here ({options.MaxNamesPerKey}); log in with one of them",
                    TimeSpan.Zero)));
                return;
            }
        }

        if (outcome.Conflict)
        {
            throw new ProtocolViolationException(
                ErrorCode.NameTaken,
                $"the name '{outcome.Owner.Name}' belongs to another key (fingerprint {outcome.Owner.Fingerprint})");
        }

        session.Challenge = null;
        if (session.IsClosing)
        {
            return; // the server began to stop or the writer failed after the claim: nobody to announce
        }

        if (session.Admission is { } counted && !limits.TryClaimName(counted, outcome.Owner.Key, outcome.Owner.Name, out var tooMany))
        {
            Refuse(session, tooMany);
            return;
        }

        session.Identity = outcome.Owner;
        session.WantsPresence = login.Presence;
        session.State = SessionState.LoggedIn;
        var prekeyStatus = prekeys.StatusOf(outcome.Owner);
        session.ReceivesQueued = login.ReceiveQueued;
        if (login.ReceiveQueued)
        {
            // Joined on the queue's loop, with the backlog ahead of any live message (OfflineMessageQueue).
            await offlineQueue.JoinAsync(session, outcome.Owner, outcome.NewlyRegistered, prekeyStatus);
        }
        else
        {
            presence.Join(session, outcome.Owner, outcome.NewlyRegistered, prekeyStatus);
        }

        LogLoggedIn(
            logger,
            outcome.Owner.Name,
            session.Connection.ConnectionId,
            session.ClientSoftware,
            outcome.NewlyRegistered ? " (name newly registered)" : string.Empty);
        session.ClientSoftware = null;
    }

    private void Refuse(ClientSession session, Refusal refusal)
    {
        LogLoginRefused(logger, session.Connection.ConnectionId, refusal.Code);
        metrics.LoginDecided(refusal.Code);
        session.Fail(refusal);
    }

    private static uint Milliseconds(TimeSpan span) => (uint)Math.Min(uint.MaxValue, span.TotalMilliseconds);

    // At Debug: a flood of refused logins must not flood the log too.
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Login on connection {ConnectionId} refused by a limit: {Code}")]
    private static partial void LogLoginRefused(ILogger logger, string connectionId, ErrorCode code);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Name} logged in on connection {ConnectionId} with {ClientSoftware}{Registered}")]
    private static partial void LogLoggedIn(ILogger logger, string name, string connectionId, string? clientSoftware, string registered);
}
