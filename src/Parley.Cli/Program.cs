using Parley.Cli.Commands;

return await ParleyCommandLine.RunAsync(args);
