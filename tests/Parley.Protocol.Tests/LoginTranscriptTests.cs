using Parley.Protocol;

namespace Parley.Protocol.Tests;

public sealed class LoginTranscriptTests
{
    [Fact]
    public void The_transcript_has_the_documented_layout()
    {
        byte[] challenge = [1, 2, 3];
        byte[] binding = [7, 7, 7, 7];
        byte[] key = [9, 8];

        var transcript = LoginTranscript.Build(challenge, binding, "bé", key);

        byte[] expected =
        [
            .. "PARLEY-LOGIN-V2\0"u8.ToArray(),
            1, 2, 3,
            0, 0, 0, 4, 7, 7, 7, 7,
            0, 0, 0, 3, (byte)'b', 0xC3, 0xA9,
            0, 0, 0, 2, 9, 8,
        ];
        Assert.Equal(expected, transcript);
    }

    [Fact]
    public void Over_plain_tcp_the_binding_is_an_empty_field()
    {
        var transcript = LoginTranscript.Build([1], [], "a", [2]);

        Assert.Equal([.. "PARLEY-LOGIN-V2\0"u8.ToArray(), 1, 0, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 0, 1, 2], transcript);
    }

    [Fact]
    public void Moving_bytes_between_name_and_key_changes_the_transcript()
    {
        var a = LoginTranscript.Build([0], [], "ab", [1]);
        var b = LoginTranscript.Build([0], [], "a", [(byte)'b', 1]);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Another_servers_binding_changes_the_transcript()
    {
        var here = LoginTranscript.Build([0], [1, 2], "a", [1]);
        var there = LoginTranscript.Build([0], [1, 3], "a", [1]);

        Assert.NotEqual(here, there);
    }
}
