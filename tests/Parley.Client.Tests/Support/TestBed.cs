using Parley.Crypto;

namespace Parley.Client.Tests.Support;

/// <summary>
/// A server and any number of clients, each name with its own temporary home seeded with a shared
/// test key (so no test waits for RSA key generation). Disposes clients, server and folders.
/// </summary>
internal sealed class TestBed : IAsyncDisposable
{
    private readonly TempDir _homes = new("parley-client-tests-homes");
    private readonly List<ParleyClient> _clients = [];
    private readonly Dictionary<string, int> _keyOf = new(StringComparer.Ordinal);

    private TestBed(TestServer server)
    {
        Server = server;
    }

    public TestServer Server { get; }

    public static async Task<TestBed> StartAsync(Action<string>? prepareData = null) => new(await TestServer.StartAsync(prepareData: prepareData));

    public string HomeOf(string name) => _homes.Sub(name);

    /// <summary>The test key used for <paramref name="name"/> (keys are handed out in order of first use).</summary>
    public Identity KeyOf(string name)
    {
        if (!_keyOf.TryGetValue(name, out var index))
        {
            index = _keyOf.Count;
            _keyOf[name] = index;
        }

        return TestIdentities.Get(index);
    }

    /// <summary>Puts the name's test key into its home unless it has one.</summary>
    public IdentityStore Seed(string name, Identity? key = null, string? home = null)
    {
        var store = new IdentityStore(home ?? HomeOf(name));
        store.Save(Storage.IdentityName.Parse(name), key ?? KeyOf(name));
        return store;
    }

    public Task<ParleyClient> ConnectAsync(string name, bool presence = true, string? server = null, string? home = null) =>
        ConnectAsync(new ParleyClientOptions
        {
            Server = server ?? Server.Address,
            Name = name,
            Home = home ?? HomeOf(name),
            Presence = presence,
        });

    public async Task<ParleyClient> ConnectAsync(ParleyClientOptions options)
    {
        Seed(options.Name, home: options.Home);
        var client = await ParleyClient.ConnectAsync(options);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
        _homes.Dispose();
    }
}
