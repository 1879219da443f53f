namespace Parley.Bench.Processes;

/// <summary>One Parley server a scenario measures: a build and a runtime variant, named for the tables.</summary>
internal sealed record ParleySystem(string Name, ParleyVariant Variant, ServerBuild Build)
{
    public string Description =>
        $"{Name} = {Build.Name}{(Build.BenchAssembly is { } assembly ? $" ({assembly})" : string.Empty)}, {Variant.Description}";

    /// <summary>Every variant of this build, then (when given) every variant of the baseline build.</summary>
    public static IReadOnlyList<ParleySystem> All(IReadOnlyList<ParleyVariant> variants, ServerBuild? baseline)
    {
        ServerBuild[] builds = baseline is null ? [ServerBuild.Current] : [ServerBuild.Current, baseline];
        return [.. from build in builds from variant in variants select new ParleySystem(NameOf(build, variant), variant, build)];
    }

    /// <summary>
    /// The order to measure systems in during a round: reversed every other round, so that neither
    /// build always runs first (warmer caches, a machine that gets busier during a round).
    /// </summary>
    public static IEnumerable<T> InRoundOrder<T>(IReadOnlyList<T> systems, int round) =>
        round % 2 == 1 ? systems : systems.Reverse();

    private static string NameOf(ServerBuild build, ParleyVariant variant)
    {
        var parts = new List<string>();
        if (!build.IsCurrent)
        {
            parts.Add(build.Name);
        }

        if (variant != ParleyVariant.Default)
        {
            parts.Add(variant.Name);
        }

        return parts.Count == 0 ? "parley" : $"parley ({string.Join(", ", parts)})";
    }
}
