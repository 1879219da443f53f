using System.Numerics;
using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>
/// Keys outside Parley's rules (exponent other than 65537, broken DER, wrong size) are refused at login as
/// INVALID_PUBLIC_KEY, before any signature is checked, even when the signature is right; a normal login
/// on the same server still works. One server serves the whole class.
/// </summary>
public sealed class WeakKeyLoginTests(WeakKeyLoginTests.Server fixture) : IClassFixture<WeakKeyLoginTests.Server>
{
    [Theory]
    [MemberData(nameof(CraftedKeys.BadKeyNames), MemberType = typeof(CraftedKeys))]
    public async Task A_key_that_breaks_the_rules_is_refused_as_an_invalid_public_key(string problem)
    {
        await using var client = await RawClient.ConnectAsync(fixture.Endpoint);
        await client.HelloAsync();

        await client.SendAsync(LoginFrame("weak", CraftedKeys.BadKeys[problem], RandomNumberGenerator.GetBytes(384)));

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidPublicKey);
    }

    [Fact]
    public async Task A_correctly_signed_login_with_exponent_3_is_refused_as_an_invalid_public_key()
    {
        using var key = CraftedKeys.WithExponent(TestIdentities.First.ExportPrivateKeyPem(), 3);

        var error = await LoginWithAsync("small-exponent", key);

        Assert.Contains("exponent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correctly_signed_login_with_a_3071_bit_exponent_is_refused_as_an_invalid_public_key()
    {
        using var key = CraftedKeys.WithExponent(TestIdentities.Second.ExportPrivateKeyPem(), CraftedKeys.RandomOdd(3071));

        var error = await LoginWithAsync("huge-exponent", key);

        Assert.Contains("exponent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_normal_login_still_works_and_the_server_relays()
    {
        await using var pair = await ConnectedPair.CreateAsync(fixture.Host);
        await using var client = await RawClient.LoginAsync(fixture.Endpoint, "normal", TestIdentities.First);

        Assert.Equal("normal", client.Name);
        await pair.AssertStillRelayingAsync();
    }

    /// <summary>Logs in with a key whose signature is right; returns the refusal.</summary>
    private async Task<Error> LoginWithAsync(string name, RSA key)
    {
        Assert.NotEqual(new BigInteger(RsaKeyRules.PublicExponent), new BigInteger(key.ExportParameters(false).Exponent, isUnsigned: true, isBigEndian: true));
        await using var client = await RawClient.ConnectAsync(fixture.Endpoint);
        var welcome = await client.HelloAsync();
        var spki = key.ExportSubjectPublicKeyInfo();
        var signature = key.SignData(LoginTranscript.Build(welcome.Challenge.Span, client.ChannelBinding, name, spki), RsaKeyRules.Hash, RsaKeyRules.SignaturePadding);

        await client.SendAsync(LoginFrame(name, spki, signature));

        return await client.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidPublicKey);
    }

    private static ClientFrame LoginFrame(string name, byte[] spki, byte[] signature) => new()
    {
        Login = new Login { Name = name, PublicKey = ByteString.CopyFrom(spki), Signature = ByteString.CopyFrom(signature) },
    };

    public sealed class Server : IAsyncLifetime
    {
        private TestServer? _server;

        internal TestServer Host => _server ?? throw new InvalidOperationException("not started");

        internal System.Net.IPEndPoint Endpoint => Host.Endpoint;

        public async Task InitializeAsync() => _server = await TestServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
