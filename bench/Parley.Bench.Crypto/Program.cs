namespace Parley.Bench.Crypto;

/// <summary>
/// <c>dotnet run -c Release --project bench/Parley.Bench.Crypto -- messages|wire</c> (bench/README.md, "crypto").
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "messages":
                return MessagesCommand.Run(args[1..]);
            case "loop":
                return LoopCommand.Run(args[1..]);
            case "wire":
                Console.WriteLine(Wire.WireSizes.Table());
                return 0;
            default:
                Console.Error.WriteLine("""
                    usage: Parley.Bench.Crypto <command>
                      messages [BenchmarkDotNet options]  sealed+opened 256-byte messages/s per core: sessions (in memory, DH step
                                                          every message, SQLite store) against format 1; e.g. --filter *Sqlite*
                      wire                                bytes on the wire per message: SendMessage and Delivery frames (live and
                                                          queued), format 1 and format 2 (first message, later messages),
                                                          for 1 to 1024-byte texts
                    """);
                return args.Length == 0 ? 0 : 2;
        }
    }
}
