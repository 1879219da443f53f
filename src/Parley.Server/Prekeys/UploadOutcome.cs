namespace Parley.Server.Prekeys;

internal enum UploadResult
{
    Stored,

    /// <summary>The one-time prekeys kept plus those given would exceed MaxOneTimePrekeys; nothing was stored.</summary>
    TooManyOneTimePrekeys,

    /// <summary>A one-time prekey id is already stored for this key; nothing was stored.</summary>
    OneTimePrekeyIdTaken,
}

/// <summary>How an upload went, and what the key holds now (before it, when nothing was stored).</summary>
/// <param name="TakenId">The one-time prekey id already stored, for <see cref="UploadResult.OneTimePrekeyIdTaken"/>.</param>
internal readonly record struct UploadOutcome(UploadResult Result, PrekeyCounts Counts, uint TakenId);
