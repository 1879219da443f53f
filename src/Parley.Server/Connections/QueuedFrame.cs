using Parley.Protocol.Messages;

namespace Parley.Server.Connections;

/// <summary>A frame waiting in an <see cref="Outbox"/>, with its body size computed once.</summary>
internal readonly record struct QueuedFrame(ServerFrame Frame, int Size);
