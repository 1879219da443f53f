using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Parley.Bench.Crypto.Sessions;
using Parley.Crypto;
using Parley.Crypto.Envelope;

namespace Parley.Bench.Crypto;

/// <summary>
/// One operation = one 256-byte text message sealed at one end and opened at the other (bench/README.md,
/// "crypto"). Every case sets up its own conversation; the RSA identities are made once per process.
/// </summary>
public class SessionMessageBenchmarks
{
    public const int TextBytes = 256;

    private static readonly Lazy<BenchIdentities> s_identities = new(BenchIdentities.Generate);

    private readonly SessionContent _content = Conversation.Text(TextBytes);
    private Conversation? _conversation;
    private RatchetPair? _ratchets;
    private byte[] _plaintext = [];
    private ReplayGuard _replayGuard = new();
    private string _text = new('x', TextBytes);
    private long _turn;

    [GlobalSetup(Target = nameof(RatchetOnly))]
    public void SetUpRatchets()
    {
        _ratchets = RatchetPair.Start(s_identities.Value);
        _plaintext = _content.ToByteArray();
    }

    [GlobalSetup(Targets = [nameof(SteadyChainInMemory), nameof(DhRatchetEveryMessage)])]
    public void SetUpInMemory() => _conversation = Conversation.InMemory(s_identities.Value);

    [GlobalSetup(Target = nameof(SteadyChainSqlite))]
    public void SetUpSqlite() => _conversation = Conversation.Sqlite(s_identities.Value);

    [GlobalSetup(Target = nameof(SteadyChainSqliteWithoutSync))]
    public void SetUpSqliteWithoutSync() => _conversation = Conversation.Sqlite(s_identities.Value, withoutSync: true);

    [GlobalSetup(Target = nameof(Format1RsaHybrid))]
    public void SetUpFormat1()
    {
        _ = s_identities.Value;
        _replayGuard = new ReplayGuard();
        _text = new string('x', TextBytes);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _conversation?.Dispose();
        _conversation = null;
        _ratchets?.Dispose();
        _ratchets = null;
    }

    [Benchmark(Description = "ratchet alone (live sessions, no store, no envelope)")]
    public int RatchetOnly() => _ratchets!.Bob.Open(_ratchets.Alice.Seal(_plaintext)).Length;

    [Benchmark(Description = "a. session, steady chain, state in memory")]
    public int SteadyChainInMemory() => Conversation.SealAndOpen(_conversation!.Alice, _conversation.Bob, _content);

    [Benchmark(Description = "b. session, DH ratchet step every message")]
    public int DhRatchetEveryMessage() => _turn++ % 2 == 0
        ? Conversation.SealAndOpen(_conversation!.Alice, _conversation.Bob, _content)
        : Conversation.SealAndOpen(_conversation!.Bob, _conversation.Alice, _content);

    [Benchmark(Description = "c. session, steady chain, SQLite store at both ends")]
    public int SteadyChainSqlite() => Conversation.SealAndOpen(_conversation!.Alice, _conversation.Bob, _content);

    [Benchmark(Description = "c. without fsync (synchronous = OFF; reference only)")]
    public int SteadyChainSqliteWithoutSync() => Conversation.SealAndOpen(_conversation!.Alice, _conversation.Bob, _content);

    [Benchmark(Baseline = true, Description = "d. format 1 (RSA hybrid, signed)")]
    public int Format1RsaHybrid()
    {
        var identities = s_identities.Value;
        var now = DateTimeOffset.UtcNow;
        var sealedBytes = MessageSealer.Seal(identities.Alice, "alice", identities.Bob.PublicKey, "bob", _text, now);
        return MessageSealer.Open(identities.Bob, "bob", "alice", identities.Alice.PublicKey, sealedBytes, now, _replayGuard).Text.Length;
    }
}
