using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Parley.Protocol.Tests.Properties;

/// <summary>
/// The login transcript reads back into the challenge, name and key it was built from (docs/protocol.md's
/// layout), so two different logins never sign the same bytes.
/// </summary>
public sealed class LoginTranscriptProperties
{
    private static readonly Gen<byte[]> Challenge = Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    [Fact]
    public void A_transcript_reads_back_into_its_challenge_binding_name_and_key()
    {
        var logins = Challenge.Zip(WireGenerators.Bytes).Zip(WireGenerators.Text).Zip(WireGenerators.Bytes)
            .Select(c => (Challenge: c.Item1.Item1.Item1, Binding: c.Item1.Item1.Item2.ToByteArray(), Name: c.Item1.Item2, Key: c.Item2.ToByteArray()));
        PropertyRuns.Check(logins, login =>
        {
            var transcript = LoginTranscript.Build(login.Challenge, login.Binding, login.Name, login.Key);

            var (challenge, binding, name, key) = Read(transcript, login.Challenge.Length);

            Assert.Equal(login.Challenge, challenge);
            Assert.Equal(login.Binding, binding);
            Assert.Equal(login.Name, name);
            Assert.Equal(login.Key, key);
        });
    }

    [Fact]
    public void Moving_bytes_between_name_and_key_changes_the_transcript()
    {
        var splits = WireGenerators.Text.Where(n => n.Length > 0).Zip(WireGenerators.Bytes)
            .Select(c => (Name: c.Item1, Key: c.Item2.ToByteArray()));
        var challenge = new byte[ProtocolConstants.ChallengeBytes];
        PropertyRuns.Check(splits, s =>
        {
            var nameBytes = Encoding.UTF8.GetBytes(s.Name);
            var moved = Encoding.UTF8.GetString(nameBytes, 0, nameBytes.Length - 1);
            byte[] movedKey = [nameBytes[^1], .. s.Key];

            Assert.NotEqual(LoginTranscript.Build(challenge, [], s.Name, s.Key), LoginTranscript.Build(challenge, [], moved, movedKey));
        });
    }

    private static (byte[] Challenge, byte[] Binding, string Name, byte[] Key) Read(byte[] transcript, int challengeBytes)
    {
        var label = "PARLEY-LOGIN-V2\0"u8;
        Assert.True(transcript.AsSpan().StartsWith(label));
        var rest = transcript.AsSpan(label.Length);
        var challenge = rest[..challengeBytes].ToArray();
        rest = rest[challengeBytes..];
        var bindingLength = (int)BinaryPrimitives.ReadUInt32BigEndian(rest);
        var binding = rest.Slice(4, bindingLength).ToArray();
        rest = rest[(4 + bindingLength)..];
        var nameLength = (int)BinaryPrimitives.ReadUInt32BigEndian(rest);
        var name = Encoding.UTF8.GetString(rest.Slice(4, nameLength));
        rest = rest[(4 + nameLength)..];
        var keyLength = (int)BinaryPrimitives.ReadUInt32BigEndian(rest);
        Assert.Equal(4 + keyLength, rest.Length);
        return (challenge, binding, name, rest.Slice(4, keyLength).ToArray());
    }
}
