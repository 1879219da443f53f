namespace Parley.Client.Tests;

/// <summary>The backoff's arithmetic, on a seeded random source: no clock involved.</summary>
public class ReconnectPolicyTests
{
    private static readonly ReconnectPolicy s_policy = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        Random = new Random(12345),
    };

    [Fact]
    public void The_ceiling_doubles_from_the_initial_delay_up_to_the_maximum()
    {
        var ceilings = Enumerable.Range(1, 7).Select(a => s_policy.CeilingFor(a).TotalMilliseconds).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000], ceilings);
        Assert.Equal(TimeSpan.FromSeconds(1), s_policy.CeilingFor(10_000));
    }

    [Fact]
    public void Delays_are_jittered_below_a_growing_ceiling()
    {
        var policy = s_policy with { Random = new Random(7) };
        var delays = Enumerable.Range(1, 200).Select(a => policy.DelayBefore(Math.Min(a, 6))).ToArray();

        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i], TimeSpan.Zero, policy.CeilingFor(Math.Min(i + 1, 6)));
        }

        // Jittered: the waits at one ceiling are spread over it, not all the same.
        var atTheCap = delays[5..].Select(d => d.TotalMilliseconds).ToArray();
        Assert.True(atTheCap.Distinct().Count() > 150, "the waits are not jittered");
        Assert.True(atTheCap.Min() < 250 && atTheCap.Max() > 750, $"the waits span {atTheCap.Min()}..{atTheCap.Max()} ms of 0..1000");
    }

    [Fact]
    public void With_the_same_random_draw_each_attempt_waits_longer_until_the_cap()
    {
        var policy = s_policy with { Random = new FixedRandom(0.9) };

        var delays = Enumerable.Range(1, 6).Select(a => policy.DelayBefore(a).TotalMilliseconds).ToArray();

        Assert.Equal([90, 180, 360, 720, 900, 900], delays.Select(d => Math.Round(d)));
    }

    [Fact]
    public void The_servers_retry_after_is_a_floor()
    {
        var policy = s_policy with { Random = new FixedRandom(0.5) };

        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(1, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.DelayBefore(5, TimeSpan.FromMilliseconds(10)));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
