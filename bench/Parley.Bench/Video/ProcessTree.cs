using System.Globalization;
using Parley.Bench.Measurement;

namespace Parley.Bench.Video;

/// <summary>CPU time of a process and its direct children (nginx's master and worker), from /proc.</summary>
internal static class ProcessTree
{
    public static TimeSpan CpuTime(int pid)
    {
        var total = ProcessStats.CpuTime(pid);
        foreach (var child in Children(pid))
        {
            try
            {
                total += ProcessStats.CpuTime(child);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return total;
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // After "pid (comm) ": state, then ppid.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }
}
