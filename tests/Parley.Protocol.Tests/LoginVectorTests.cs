using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Tests;

/// <summary>docs/vectors/login-transcript.json: what another implementation checks its login against.</summary>
public sealed class LoginVectorTests
{
    private static readonly VectorFile s_vector = VectorFile.Read("login-transcript.json");

    [Fact]
    public void The_vector_key_is_the_rsa_3072_key_with_exponent_65537_whose_spki_and_key_id_it_gives()
    {
        using var rsa = ImportKey();
        var key = s_vector.Root.GetProperty("key");

        Assert.Equal(3072, rsa.KeySize);
        Assert.Equal(key.GetProperty("bits").GetInt32(), rsa.KeySize);
        Assert.Equal([0x01, 0x00, 0x01], rsa.ExportParameters(includePrivateParameters: false).Exponent);
        Assert.Equal(VectorFile.Hex(key, "public_key_spki_hex"), rsa.ExportSubjectPublicKeyInfo());
        Assert.Equal(VectorFile.Hex(key, "key_id_hex"), SHA256.HashData(VectorFile.Hex(key, "public_key_spki_hex")));
    }

    [Fact]
    public void The_transcript_of_the_vector_inputs_matches_byte_for_byte()
    {
        var transcript = LoginTranscript.Build(s_vector.Hex("challenge_hex"), s_vector.Hex("channel_binding_hex"), s_vector.Text("name"), Spki());

        Assert.Equal(s_vector.Hex("transcript_hex"), transcript);
    }

    [Fact]
    public void The_vector_signature_verifies_over_the_transcript_and_not_over_another_challenge_or_server()
    {
        using var rsa = ImportKey();
        var transcript = s_vector.Hex("transcript_hex");
        var signature = s_vector.Hex("signature_hex");
        var otherChallenge = LoginTranscript.Build(
            new byte[ProtocolConstants.ChallengeBytes], s_vector.Hex("channel_binding_hex"), s_vector.Text("name"), Spki());
        var otherServer = LoginTranscript.Build(s_vector.Hex("challenge_hex"), new byte[32], s_vector.Text("name"), Spki());

        Assert.True(rsa.VerifyData(transcript, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(rsa.VerifyData(otherChallenge, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(rsa.VerifyData(otherServer, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void The_login_frame_is_the_encoding_of_the_vector_fields()
    {
        var login = new Login
        {
            Name = s_vector.Text("name"),
            PublicKey = ByteString.CopyFrom(Spki()),
            Signature = ByteString.CopyFrom(s_vector.Hex("signature_hex")),
            Presence = s_vector.Root.GetProperty("presence").GetBoolean(),
        };

        Assert.Equal(s_vector.Hex("login_frame_hex"), FrameCodec.ToFrameBytes(new ClientFrame { Login = login }));
    }

    private static byte[] Spki() => VectorFile.Hex(s_vector.Root.GetProperty("key"), "public_key_spki_hex");

    private static RSA ImportKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(VectorFile.Text(s_vector.Root.GetProperty("key"), "private_key_pkcs8_pem"));
        return rsa;
    }
}
