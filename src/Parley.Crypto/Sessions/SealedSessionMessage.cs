namespace Parley.Crypto.Sessions;

/// <summary>A sealed session message (format 2) ready for the wire.</summary>
/// <param name="Envelope">The <see cref="Envelope.SessionMessage"/>'s bytes, serialized once (the caller must not change them).</param>
/// <param name="MessageId">Its <see cref="Sessions.MessageId"/>: the recipient's delivery receipt will name it.</param>
/// <param name="StartedSession">Sealing ran a new agreement with the bundle given (the previous session, if any, was lost).</param>
public sealed record SealedSessionMessage(byte[] Envelope, byte[] MessageId, bool StartedSession);
