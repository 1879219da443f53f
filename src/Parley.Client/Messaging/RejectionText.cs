using Parley.Crypto;
using Parley.Crypto.Sessions;

namespace Parley.Client.Messaging;

/// <summary>The reason a refused message gets in <see cref="MessageRejectedEvent"/>: a leading word, then the detail.</summary>
internal static class RejectionText
{
    public static string Of(SealRejectedException rejection) => $"{Word(rejection.Reason)}: {rejection.Message}";

    private static string Word(SealRejection reason) => reason switch
    {
        SealRejection.Malformed => "malformed",
        SealRejection.UnsupportedVersion => "unsupported format",
        SealRejection.SenderMismatch => "forged sender",
        SealRejection.SenderKeyMismatch => "unknown sender key",
        SealRejection.Misaddressed => "misaddressed",
        SealRejection.BadSignature => "tampered",
        SealRejection.Tampered => "tampered",
        SealRejection.Stale => "stale",
        SealRejection.FromTheFuture => "from the future",
        SealRejection.Replayed => "replayed",
        _ => "refused",
    };

    public static string Of(SessionRejectedException rejection) => $"{Word(rejection.Reason)}: {rejection.Message}";

    private static string Word(SessionRejection reason) => reason switch
    {
        SessionRejection.Malformed or SessionRejection.InvalidKey => "malformed",
        SessionRejection.UnsupportedVersion => "unsupported format",
        SessionRejection.BadSignature or SessionRejection.WrongIdentity => "unknown sender key",
        SessionRejection.Tampered => "tampered",
        SessionRejection.Replayed => "replayed",
        SessionRejection.TooManySkipped => "too far ahead",
        SessionRejection.UnknownPrekey or SessionRejection.NoSession => "no session",
        _ => "refused",
    };
}
