using Parley.Fuzz;
using SharpFuzz;

// Parley.Fuzz <frames|login|opener>                  run under afl-fuzz (fuzz/run starts it)
// Parley.Fuzz <target> --seeds <dir>                 write the target's seed corpus into <dir>
// Parley.Fuzz <target> --replay <file>...            run inputs once, outside AFL (reproduce a finding)
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Parley.Fuzz <frames|login|opener> [--seeds <dir> | --replay <file>...]");
    return 2;
}

Func<IFuzzTarget> create = args[0] switch
{
    "frames" => () => new FrameTarget(),
    "login" => () => new LoginTarget(),
    "opener" => () => new OpenerTarget(),
    _ => throw new ArgumentException($"unknown target '{args[0]}' (frames, login, opener)"),
};

// Instrumented code may run only once SharpFuzz has attached to AFL's coverage map, inside Fuzzer.Run:
// under AFL the target is made there, on the first input.
IFuzzTarget? target = null;
try
{
    switch (args.Length > 1 ? args[1] : null)
    {
        case "--seeds":
            target = create();
            Directory.CreateDirectory(args[2]);
            foreach (var (name, bytes) in target.Seeds())
            {
                File.WriteAllBytes(Path.Combine(args[2], name), bytes);
            }

            return 0;
        case "--replay":
            target = create();
            var failed = 0;
            foreach (var file in args.Skip(2))
            {
                try
                {
                    target.Run(File.ReadAllBytes(file));
                    Console.WriteLine($"ok      {file}");
                }
                catch (Exception ex)
                {
                    failed++;
                    Console.WriteLine($"FINDING {file}: {ex}");
                }
            }

            return failed == 0 ? 0 : 1;
        default:
            Fuzzer.Run(stream =>
            {
                using var input = new MemoryStream();
                stream.CopyTo(input);
                target ??= create();
                target.Run(input.GetBuffer().AsSpan(0, (int)input.Length));
            });
            return 0;
    }
}
finally
{
    (target as IDisposable)?.Dispose();
}
