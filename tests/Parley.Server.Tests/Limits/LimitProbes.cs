using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

/// <summary>What the limit tests check after each refusal: the refusal is clear, and the server goes on for others.</summary>
internal static class LimitProbes
{
    /// <summary>The next Error is fatal with <paramref name="code"/>, advises a retry, and the connection closes.</summary>
    public static async Task<Error> ExpectRefusalWithRetryAsync(this RawClient client, ErrorCode code)
    {
        var error = await client.ExpectFatalErrorAndCloseAsync(code);
        Assert.True(error.RetryAfterMs > 0, $"{code} should say when to try again: {error}");
        return error;
    }

    /// <summary>A fresh client logs in and a logged-in one is answered: nothing else was hurt.</summary>
    public static async Task ExpectServerGoesOnAsync(TestServer server, RawClient? loggedIn, string freshName = "carol")
    {
        if (loggedIn is not null)
        {
            await loggedIn.ExpectNothingPendingAsync();
        }

        await using var fresh = await RawClient.LoginAsync(server.Endpoint, freshName, TestIdentities.Get(7));
        await fresh.ExpectNothingPendingAsync();
    }
}
