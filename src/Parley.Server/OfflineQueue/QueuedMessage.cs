namespace Parley.Server.OfflineQueue;

/// <summary>One stored message for an offline name: who sent it, its sealed bytes (opaque), its place in the name's queue and when it was stored.</summary>
internal sealed record QueuedMessage(long Seq, string Sender, byte[] Sealed, long QueuedAtMs);
