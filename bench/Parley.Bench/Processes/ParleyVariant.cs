namespace Parley.Bench.Processes;

/// <summary>
/// A way of running the Parley server under test: runtime settings given to its process, so that
/// settings can be compared side by side in one run without changing the server's code.
/// </summary>
internal sealed record ParleyVariant(string Name, string Description, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Plain TCP instead of TLS: the server runs with --insecure and the bench's clients connect without TLS.</summary>
    public bool Insecure { get; init; }

    /// <summary>As the parley program runs: a console app, so workstation (concurrent) GC.</summary>
    public static readonly ParleyVariant Default = new("default", "workstation GC, as the parley program runs", new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = "0",
    });

    public static readonly IReadOnlyList<ParleyVariant> All =
    [
        Default,
        new("server-gc", "Server GC", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }),
        new("inline-sockets", "socket completions run inline on the epoll threads", new Dictionary<string, string>
        {
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
        }),
        Default.AsInsecure(),
    ];

    /// <summary>This variant over plain TCP (named "insecure" for the default, "NAME+insecure" otherwise).</summary>
    public ParleyVariant AsInsecure() => Insecure ? this : this with
    {
        Name = Name == "default" ? "insecure" : Name + "+insecure",
        Description = Description + ", plain TCP (--insecure)",
        Insecure = true,
    };

    public static string Names => string.Join(", ", All.Select(v => v.Name));

    /// <exception cref="ArgumentException">No variant has that name.</exception>
    public static ParleyVariant Named(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no Parley variant '{name}'; known: {Names}");
}
