using Parley.Protocol.Unicode;

namespace Parley.Protocol.Tests;

public sealed class LookalikeKeyTests
{
    [Fact]
    public void The_ascii_shortcut_gives_the_key_icu_computes_for_every_pair_of_printable_characters()
    {
        var keys = LookalikeKey.Instance;
        var mismatches = new List<string>();
        for (var a = '!'; a <= '~'; a++)
        {
            for (var b = '!'; b <= '~'; b++)
            {
                var name = new string([a, b, 'x', a]);
                if (keys.Of(name) != keys.Compute(name))
                {
                    mismatches.Add(name);
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("Mallory_1990")]
    [InlineData("o'brien-2")]
    [InlineData("100%|`\"")]
    public void The_ascii_shortcut_matches_icu_on_whole_names(string name)
    {
        Assert.Equal(LookalikeKey.Instance.Compute(name), LookalikeKey.Instance.Of(name));
    }
}
