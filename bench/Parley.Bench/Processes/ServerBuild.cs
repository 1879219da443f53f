using System.Diagnostics;

namespace Parley.Bench.Processes;

/// <summary>
/// Which build of the Parley server a scenario runs: this bench's own (the code it was built from),
/// or the bench build of another commit (<c>--baseline-build</c>), whose hidden <c>serve</c> command
/// runs that commit's server. Both are measured by this bench's clients, so only the server differs.
/// </summary>
internal sealed record ServerBuild(string Name, string? BenchAssembly)
{
    private const string AssemblyFile = "Parley.Bench.dll";

    public static readonly ServerBuild Current = new("this build", null);

    public bool IsCurrent => BenchAssembly is null;

    /// <summary>
    /// <paramref name="path"/> is a build output folder holding Parley.Bench.dll, or the root of a checkout
    /// (e.g. a <c>git worktree</c>) built with <c>dotnet build -c Release bench/Parley.Bench</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No Parley.Bench.dll there.</exception>
    public static ServerBuild Baseline(string path)
    {
        var full = Path.GetFullPath(path);
        string[] candidates =
        [
            Path.Combine(full, AssemblyFile),
            Path.Combine(full, "bench", "Parley.Bench", "bin", "Release", "net10.0", AssemblyFile),
        ];
        var assembly = candidates.FirstOrDefault(File.Exists) ?? throw new ArgumentException(
            $"no {AssemblyFile} in {full} or its bench/Parley.Bench/bin/Release/net10.0; build it there with: dotnet build -c Release bench/Parley.Bench");
        return new ServerBuild("baseline", assembly);
    }

    public ProcessStartInfo StartInfo(params string[] arguments)
    {
        if (BenchAssembly is null)
        {
            return SelfLaunch.StartInfo(arguments);
        }

        var startInfo = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false };
        startInfo.ArgumentList.Add(BenchAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self is not null && string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase)
            ? self
            : "dotnet";
    }
}
