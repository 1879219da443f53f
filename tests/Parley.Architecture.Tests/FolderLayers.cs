namespace Parley.Architecture.Tests;

/// <summary>
/// One project's folders from the bottom up, in tiers: a folder may use folders of lower tiers only, so folders of
/// one tier (e.g. the command line's features) never see each other. <paramref name="Root"/> says where the types
/// declared straight in the project's root namespace stand.
/// </summary>
internal sealed record FolderLayers(string Assembly, string RootNamespace, RootPlace Root, string[][] Tiers)
{
    public int TierOf(string folder) => Array.FindIndex(Tiers, tier => tier.Contains(folder));

    public override string ToString() => RootNamespace;
}

internal enum RootPlace
{
    /// <summary>Root types (e.g. the server's options) use no folder.</summary>
    Bottom,

    /// <summary>Root types (e.g. the command-line root) compose the folders; no folder uses them.</summary>
    Top,

    /// <summary>The root holds the public façade and the public types its parts share; not checked.</summary>
    Unchecked,
}
