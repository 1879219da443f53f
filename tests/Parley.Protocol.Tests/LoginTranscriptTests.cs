using Parley.Protocol;

namespace Parley.Protocol.Tests;

public sealed class LoginTranscriptTests
{
    [Fact]
    public void The_transcript_has_the_documented_layout()
    {
        byte[] challenge = [1, 2, 3];
        byte[] key = [9, 8];

        var transcript = LoginTranscript.Build(challenge, "bé", key);

        byte[] expected =
        [
            .. "PARLEY-LOGIN-V1\0"u8.ToArray(),
            1, 2, 3,
            0, 0, 0, 3, (byte)'b', 0xC3, 0xA9,
            0, 0, 0, 2, 9, 8,
        ];
        Assert.Equal(expected, transcript);
    }

    [Fact]
    public void Moving_bytes_between_name_and_key_changes_the_transcript()
    {
        var a = LoginTranscript.Build([0], "ab", [1]);
        var b = LoginTranscript.Build([0], "a", [(byte)'b', 1]);

        Assert.NotEqual(a, b);
    }
}
