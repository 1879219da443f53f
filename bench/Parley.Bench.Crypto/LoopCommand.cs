using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Crypto;

/// <summary>
/// <c>loop &lt;benchmark method&gt; [seconds]</c>: runs one case of <see cref="SessionMessageBenchmarks"/> in a plain loop,
/// for a profiler to watch (bench/README.md: <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
internal static class LoopCommand
{
    public static int Run(string[] args)
    {
        var method = typeof(SessionMessageBenchmarks).GetMethod(args.FirstOrDefault() ?? "");
        if (method is null || method.GetParameters().Length != 0 || method.ReturnType != typeof(int))
        {
            Console.Error.WriteLine($"loop <{string.Join('|', typeof(SessionMessageBenchmarks).GetMethods().Where(m => m.ReturnType == typeof(int) && m.GetParameters().Length == 0).Select(m => m.Name))}> [seconds]");
            return 2;
        }

        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var benchmarks = new SessionMessageBenchmarks();
        var setUp = typeof(SessionMessageBenchmarks).GetMethods()
            .Single(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.GlobalSetupAttribute), false)
                .Cast<BenchmarkDotNet.Attributes.GlobalSetupAttribute>()
                .Any(a => a.Targets.Contains(method.Name)));
        setUp.Invoke(benchmarks, null);
        var run = method.CreateDelegate<Func<int>>(benchmarks);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            run();
            count++;
        }

        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{method.Name}: {count:N0} messages in {clock.Elapsed.TotalSeconds:N1} s: {count / clock.Elapsed.TotalSeconds:N0}/s of wall clock, {count / cpu:N0} per CPU second (the process's, GC and JIT included)"));
        benchmarks.CleanUp();
        return 0;
    }
}
