namespace Parley.Server.Prekeys;

/// <summary>What one key has published: all three signed keys or not, one-time prekeys left, and its signed prekey's time.</summary>
internal readonly record struct PrekeyCounts(bool Published, int OneTimePrekeys, long SignedPrekeyCreatedAtMs);
