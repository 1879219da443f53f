using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Parley.Server.Http;

namespace Parley.Streaming.Tests;

/// <summary>
/// A video URL is a bearer token anyone holding the URL sees: it must not tell who asked for it, nor the
/// length of their name, and no changed byte may pass.
/// </summary>
public sealed class HlsTokenOpacityTests
{
    private const string Requester = "alice-the-requester";

    private readonly HlsTokens _tokens = new(RandomNumberGenerator.GetBytes(HlsTokenKey.KeyBytes), TimeSpan.FromHours(1), TimeProvider.System);

    [Fact]
    public void A_token_does_not_contain_the_name_of_who_asked_in_any_readable_form()
    {
        var (token, _) = _tokens.Issue("demo", TimeSpan.FromMinutes(1), Requester);
        var bytes = Base64Url.DecodeFromChars(token);

        Assert.DoesNotContain(Requester, token, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Requester, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain(Requester, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Requester)), Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        Assert.True(_tokens.IsValid(token, "demo", out var by));
        Assert.Equal(Requester, by);
    }

    [Fact]
    public void Tokens_for_short_and_long_names_are_the_same_length()
    {
        var (forA, _) = _tokens.Issue("demo", TimeSpan.Zero, "a");
        var lengths = new[] { new string('x', 60), new string('x', 64), new string('x', 90), new string('山', 90), string.Concat(Enumerable.Repeat("\U0001F98A", 90)) }
            .Select(name => _tokens.Issue("demo", TimeSpan.Zero, name).Token.Length);

        Assert.All(lengths, length => Assert.Equal(forA.Length, length));
    }

    [Fact]
    public void Two_tokens_for_the_same_request_differ()
    {
        Assert.NotEqual(_tokens.Issue("demo", TimeSpan.Zero, Requester).Token, _tokens.Issue("demo", TimeSpan.Zero, Requester).Token);
    }

    [Fact]
    public void Changing_any_byte_of_a_token_makes_it_invalid()
    {
        var (token, _) = _tokens.Issue("demo", TimeSpan.FromMinutes(1), Requester);
        var bytes = Base64Url.DecodeFromChars(token);

        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.False(_tokens.IsValid(Base64Url.EncodeToString(changed), "demo", out _), $"byte {i} changed and still valid");
        }

        Assert.False(_tokens.IsValid(Base64Url.EncodeToString(bytes.AsSpan(0, bytes.Length - 1)), "demo", out _));
        Assert.False(_tokens.IsValid(Base64Url.EncodeToString([.. bytes, 0]), "demo", out _));
    }
}
