using System.Diagnostics;
using System.Reflection;

namespace Parley.Bench.Processes;

/// <summary>Starts this same bench program again with other arguments (the hidden <c>serve</c> command).</summary>
internal static class SelfLaunch
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this program runs from");
        var startInfo = new ProcessStartInfo(path) { UseShellExecute = false };

        // Under "dotnet Parley.Bench.dll" the process is the dotnet host: pass it the assembly again.
        if (string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            startInfo.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
