using Parley.Server.Authentication;

namespace Parley.Server.Tests;

/// <summary>
/// Login signatures are checked on dedicated threads, so a login flood leaves the thread pool (socket
/// continuations, timers, outbox writers) to the connections already logged in. Threads are seen by name
/// in /proc, so the test runs on Linux only.
/// </summary>
public sealed class LoginVerifierThreadTests
{
    // Linux keeps 15 bytes of a thread's name.
    private const string ThreadNamePrefix = "parley-login-ve";

    [LinuxFact]
    public async Task The_workers_are_dedicated_threads_named_for_the_login_checks()
    {
        await using var verifier = new LoginVerifier(new ParleyServerOptions { LoginVerificationWorkers = 3 });

        // Other tests may run verifiers at the same time, so this one only knows there are at least its own.
        Assert.True(CountThreadsNamed(ThreadNamePrefix) >= 3, "expected at least 3 login verification threads");
    }

    [Fact]
    public void The_default_leaves_one_processor_for_io() =>
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), new ParleyServerOptions().LoginVerificationWorkers);

    private static int CountThreadsNamed(string prefix) =>
        Directory.EnumerateDirectories("/proc/self/task").Count(task =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // the thread ended while we looked
            }
        });

    private sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "reads thread names from /proc";
            }
        }
    }
}
