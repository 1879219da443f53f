namespace Parley.Server.Connections;

/// <summary>
/// A client's <c>SendMessage</c>. <see cref="Sealed"/> may point into the connection's input pipe:
/// it is valid only until the frame is consumed, so it must be copied before the handler returns.
/// </summary>
internal readonly record struct SendRequest(ulong RequestId, string To, System.Buffers.ReadOnlySequence<byte> Sealed);
