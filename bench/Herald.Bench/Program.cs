using Herald.Bench;

if (args.Length == 0 || args[0] is "-h" or "--help" || args.Skip(1).Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] != "api")
{
    Console.Error.WriteLine($"Unknown command '{args[0]}'; the benchmark has one command, 'api'. See --help.");
    return 2;
}
var (options, error) = BenchOptions.Parse(args[1..]);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}
return await ApiBenchmark.RunAsync(options);
