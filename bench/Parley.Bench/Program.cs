using System.CommandLine;
using Parley.Bench.Idle;
using Parley.Bench.Processes;
using Parley.Bench.Relay;

namespace Parley.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Parley.Bench -- &lt;scenario&gt; [options]</c>. Each scenario
/// starts the servers it measures as child processes on 127.0.0.1, is bounded in time and count,
/// and kills its children when it ends or is interrupted. bench/README.md explains the figures.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        ManyClientsArrayPool.WidenFor(args.FirstOrDefault());
        var root = new RootCommand("Parley benchmarks: the Parley server against nats-server, printed as tables.")
        {
            RelayCommand(),
            LoginsCommand(),
            IdleCommand(),
            Video.VideoCommands.Http(),
            Video.VideoCommands.Viewers(),
            Video.VideoCommands.FirstSegment(),
            Video.VideoCommands.Chat(),
            StalledReaderCommand(),
            FanOutCommand(),
            ServeCommand(),
            VectorsCommand(),
        };

        return root.Parse(args).InvokeAsync();
    }

    private static Command RelayCommand()
    {
        var pairs = new Option<int>("--pairs") { Description = "Sender/receiver pairs", DefaultValueFactory = _ => 10 };
        var payload = new Option<int>("--payload") { Description = "Payload bytes (Parley: the sealed text)", DefaultValueFactory = _ => 256 };
        var window = new Option<int>("--window") { Description = "Messages in flight per pair", DefaultValueFactory = _ => 1000 };
        var warmUp = new Option<double>("--warmup") { Description = "Seconds of warm-up before measuring (lets tiered JIT settle)", DefaultValueFactory = _ => 5 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured per system per round", DefaultValueFactory = _ => 10 };
        var maxMessages = new Option<long>("--max-messages") { Description = "Most messages one sender sends per run", DefaultValueFactory = _ => 20_000_000 };
        var latencyRate = new Option<double>("--latency-rate") { Description = "Total msgs/s offered in the fixed-rate latency runs (0 skips them)", DefaultValueFactory = _ => 20_000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each measuring every system once", DefaultValueFactory = _ => 3 };
        var variants = new Option<string>("--parley") { Description = $"Comma-separated Parley server variants, each measured every round: {ParleyVariant.Names}", DefaultValueFactory = _ => "default" };
        var noSameBytes = new Option<bool>("--no-nats-sealed-size") { Description = "Skip the nats run whose payload is as large as Parley's sealed message" };
        var noNats = new Option<bool>("--no-nats") { Description = "Measure only Parley servers (e.g. this build against --baseline-build)" };
        var envelope = new Option<RelayEnvelope>("--envelope")
        {
            Description = "What Parley senders seal their text into: 'session' (envelope format 2, a message of a running session, as clients send) or 'rsa' (format 1)",
            DefaultValueFactory = _ => RelayEnvelope.Session,
        };
        var plainNats = PlainNatsOption();
        var insecure = InsecureOption();
        var baseline = BaselineBuildOption();
        var command = new Command("relay", "Relayed messages/s and latency (p50/p99): Parley vs nats-server, both over TLS by default")
        {
            pairs, payload, window, warmUp, duration, maxMessages, latencyRate, rounds, variants, noSameBytes, noNats, envelope, plainNats, insecure, baseline,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = new RelaySettings(
                Positive(parse.GetValue(pairs), "--pairs"),
                Math.Max(8, parse.GetValue(payload)),
                Positive(parse.GetValue(window), "--window"),
                TimeSpan.FromSeconds(parse.GetValue(warmUp)),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(duration))),
                Positive(parse.GetValue(maxMessages), "--max-messages"),
                Envelope: parse.GetValue(envelope));
            var systems = ParleySystem.All(Variants(parse.GetValue(variants), parse.GetValue(insecure)), Baseline(parse.GetValue(baseline)));
            return RelayScenario.RunAsync(
                settings,
                Math.Max(0, parse.GetValue(latencyRate)),
                Positive(parse.GetValue(rounds), "--rounds"),
                systems,
                !parse.GetValue(noNats),
                !parse.GetValue(noSameBytes),
                natsTls: !parse.GetValue(plainNats),
                ct);
        });
        return command;
    }

    private static Command LoginsCommand()
    {
        var concurrency = new Option<int>("--concurrency") { Description = "Clients logging in at once, each in a loop (connect, hello, login, goodbye)", DefaultValueFactory = _ => 8 };
        var sources = new Option<int>("--source-addresses") { Description = "Spread connections over 127.0.0.1..127.0.0.N", DefaultValueFactory = _ => 4 };
        var warmUp = new Option<double>("--warmup") { Description = "Seconds of logins before measuring (names registered, JIT settled)", DefaultValueFactory = _ => 3 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured per server per round", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each measuring every server once", DefaultValueFactory = _ => 3 };
        var maxLogins = new Option<long>("--max-logins") { Description = "Most logins one server gets per round, warm-up included", DefaultValueFactory = _ => 1_000_000 };
        var variants = new Option<string>("--parley") { Description = $"Comma-separated Parley server variants, each measured every round: {ParleyVariant.Names}", DefaultValueFactory = _ => "default" };
        var baseline = BaselineBuildOption();
        var command = new Command("logins", "Full logins per second (connect, RSA-PSS login, goodbye) and CPU per login, this build vs --baseline-build")
        {
            concurrency, sources, warmUp, duration, rounds, maxLogins, variants, baseline,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = new Logins.LoginsSettings(
                Positive(parse.GetValue(concurrency), "--concurrency"),
                Math.Clamp(parse.GetValue(sources), 1, 254),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmUp))),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(duration))),
                Positive(parse.GetValue(maxLogins), "--max-logins"));
            var systems = ParleySystem.All(Variants(parse.GetValue(variants), insecure: false), Baseline(parse.GetValue(baseline)));
            return Logins.LoginsScenario.RunAsync(settings, Positive(parse.GetValue(rounds), "--rounds"), systems, ct);
        });
        return command;
    }

    private static Command StalledReaderCommand()
    {
        var pairs = new Option<int>("--pairs") { Description = "Measured sender/receiver pairs", DefaultValueFactory = _ => 10 };
        var payload = new Option<int>("--payload") { Description = "Payload bytes of the measured pairs (the sealed text)", DefaultValueFactory = _ => 256 };
        var window = new Option<int>("--window") { Description = "Messages in flight per measured pair", DefaultValueFactory = _ => 1000 };
        var warmUp = new Option<double>("--warmup") { Description = "Seconds of warm-up before measuring", DefaultValueFactory = _ => 5 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured per run", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each measuring every server with and without the stalled reader", DefaultValueFactory = _ => 3 };
        var stalledPayload = new Option<int>("--stalled-payload") { Description = "Bytes per message sent to the extra pair's receiver", DefaultValueFactory = _ => 16 * 1024 };
        var stalledRate = new Option<double>("--stalled-rate") { Description = "Messages/s offered to the extra pair's receiver (the same whether it reads or not)", DefaultValueFactory = _ => 500 };
        var baseline = BaselineBuildOption();
        var command = new Command("stalled-reader", "Relay rate of N pairs with and without one more client that stops reading, same server, same run; the ratio")
        {
            pairs, payload, window, warmUp, duration, rounds, stalledPayload, stalledRate, baseline,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = new RelaySettings(
                Positive(parse.GetValue(pairs), "--pairs"),
                Math.Max(8, parse.GetValue(payload)),
                Positive(parse.GetValue(window), "--window"),
                TimeSpan.FromSeconds(parse.GetValue(warmUp)),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(duration))),
                20_000_000);
            var systems = ParleySystem.All([ParleyVariant.Default], Baseline(parse.GetValue(baseline)));
            return Stalled.StalledReaderScenario.RunAsync(
                settings,
                Positive(parse.GetValue(stalledPayload), "--stalled-payload"),
                Positive(parse.GetValue(stalledRate), "--stalled-rate"),
                Positive(parse.GetValue(rounds), "--rounds"),
                systems,
                ct);
        });
        return command;
    }

    private static Command FanOutCommand()
    {
        var connections = new Option<int>("--connections") { Description = "Connections of the one name the burst goes to", DefaultValueFactory = _ => 200 };
        var messages = new Option<int>("--messages") { Description = "Messages in the burst, all sent at once", DefaultValueFactory = _ => 100 };
        var payload = new Option<int>("--payload") { Description = "Bytes per message", DefaultValueFactory = _ => 16 * 1024 };
        var pingers = new Option<int>("--pingers") { Description = "Other users pinging the server meanwhile", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each on a fresh server per build", DefaultValueFactory = _ => 3 };
        var baseline = BaselineBuildOption();
        var command = new Command("fan-out", "A burst of large messages to a name on many connections: other users' ping latency during it, and its duration")
        {
            connections, messages, payload, pingers, rounds, baseline,
        };
        command.SetAction((parse, ct) => FanOut.FanOutScenario.RunAsync(
            Math.Clamp(parse.GetValue(connections), 1, 5000),
            Positive(parse.GetValue(messages), "--messages"),
            Math.Clamp(parse.GetValue(payload), 8, 1000 * 1024),
            Positive(parse.GetValue(pingers), "--pingers"),
            Positive(parse.GetValue(rounds), "--rounds"),
            ParleySystem.All([ParleyVariant.Default], Baseline(parse.GetValue(baseline))),
            ct));
        return command;
    }

    internal static Option<string?> BaselineBuildOption() => new("--baseline-build")
    {
        Description = "Also measure the server of another build, every round, interleaved: a checkout (e.g. a git worktree of the base commit) "
            + "built with 'dotnet build -c Release bench/Parley.Bench', or the folder holding its Parley.Bench.dll",
        HelpName = "DIR",
    };

    /// <summary>
    /// Issue 11's video target was stated for plain TCP, before TLS was the default: this measures that transport.
    /// A baseline build must know <c>serve --insecure</c> (the bench of this option or later).
    /// </summary>
    internal static Option<bool> InsecureOption() => new("--insecure")
    {
        Description = "Parley over plain TCP: the server runs with --insecure and the bench's clients connect without TLS "
            + "(a --baseline-build must have 'serve --insecure' too)",
    };

    private static Option<bool> PlainNatsOption() =>
        new Option<bool>("--plain-nats") { Description = "nats-server over plain TCP instead of TLS (Parley's transport follows --parley: default is TLS, 'insecure' is plain)" };

    internal static ServerBuild? Baseline(string? path) => string.IsNullOrWhiteSpace(path) ? null : ServerBuild.Baseline(path);

    private static Command IdleCommand()
    {
        var connections = new Option<int>("--connections") { Description = "Idle logged-in connections to hold (at most 19,000: the open-files cap is 20,000)", DefaultValueFactory = _ => 10_000 };
        var sources = new Option<int>("--source-addresses") { Description = "Spread connections over 127.0.0.1..127.0.0.N", DefaultValueFactory = _ => 4 };
        var concurrency = new Option<int>("--concurrency") { Description = "Logins in progress at once", DefaultValueFactory = _ => 64 };
        var settle = new Option<double>("--settle") { Description = "Seconds to wait before sampling memory", DefaultValueFactory = _ => 5 };
        var variant = new Option<string>("--parley") { Description = $"Parley server variant: {ParleyVariant.Names}", DefaultValueFactory = _ => "default" };
        var noNats = new Option<bool>("--no-nats") { Description = "Skip the nats-server comparison" };
        var plainNats = PlainNatsOption();
        var rounds = new Option<int>("--rounds") { Description = "Measure every Parley server this many times, in alternating order", DefaultValueFactory = _ => 1 };
        var baseline = BaselineBuildOption();
        var command = new Command("idle", "Server memory per idle logged-in connection: Parley (this build vs --baseline-build) vs nats-server, both over TLS by default")
        {
            connections, sources, concurrency, settle, variant, noNats, plainNats, rounds, baseline,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = new IdleSettings(
                Math.Clamp(parse.GetValue(connections), 1, 19_000),
                Math.Clamp(parse.GetValue(sources), 1, 254),
                Positive(parse.GetValue(concurrency), "--concurrency"),
                TimeSpan.FromSeconds(parse.GetValue(settle)));
            var systems = ParleySystem.All([ParleyVariant.Named(parse.GetValue(variant) ?? "default")], Baseline(parse.GetValue(baseline)));
            return IdleScenario.RunAsync(
                settings, systems, Positive(parse.GetValue(rounds), "--rounds"), !parse.GetValue(noNats), natsTls: !parse.GetValue(plainNats), ct);
        });
        return command;
    }

    private static Command ServeCommand()
    {
        var port = new Option<int>("--port") { DefaultValueFactory = _ => 0 };
        var data = new Option<string>("--data") { Required = true };
        var maxSeconds = new Option<int>("--max-seconds") { DefaultValueFactory = _ => 3600 };
        var insecure = new Option<bool>("--insecure") { Description = "Plain TCP instead of TLS" };
        var command = new Command("serve", "The Parley server under test (started by the scenarios)") { port, data, maxSeconds, insecure };
        command.Hidden = true;
        command.SetAction((parse, ct) =>
            Processes.ServeCommand.RunAsync(parse.GetValue(port), parse.GetRequiredValue(data), parse.GetValue(maxSeconds), parse.GetValue(insecure), ct));
        return command;
    }

    private static Command VectorsCommand()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the JSON files to", DefaultValueFactory = _ => Path.Combine("docs", "vectors") };
        var command = new Command("vectors", "Writes the test vectors of docs/protocol.md §11 with fresh test-only keys") { output };
        command.Hidden = true;
        command.SetAction(parse => Vectors.VectorsCommand.Run(parse.GetRequiredValue(output)));
        return command;
    }

    private static ParleyVariant[] Variants(string? names, bool insecure) =>
        [.. (names ?? "default").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParleyVariant.Named).Select(v => insecure ? v.AsInsecure() : v).Distinct()];

    private static T Positive<T>(T value, string name)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{name} must be positive");
}
