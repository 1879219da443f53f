namespace Parley.Client;

/// <summary>A tokenized HLS master playlist URL, usable by any HLS player until it expires.</summary>
public sealed record VideoUrlGrant(Uri Url, DateTimeOffset ExpiresAt);
