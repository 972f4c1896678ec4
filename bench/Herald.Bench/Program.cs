using Herald.Bench;
using Herald.Bench.Suite;

string[] suite = ["all", "import", "broadcast", "webhooks"];
if (args.Length == 0 || args[0] is "-h" or "--help" || args.Skip(1).Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    Console.WriteLine();
    Console.WriteLine("usage: dotnet run -c Release --project bench/Herald.Bench -- all|import|broadcast|webhooks [options]");
    Console.WriteLine("       dotnet run -c Release --project bench/Herald.Bench -- console [--messages N]   (console pages with N messages stored)");
    Console.WriteLine();
    Console.WriteLine(SuiteOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "console")
{
    return await ConsoleBenchmark.RunAsync(args[1..]);
}
if (suite.Contains(args[0]))
{
    var (s, problem) = SuiteOptions.Parse(args[0], args[1..]);
    if (s is null)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    return await SuiteRunner.RunAsync(s);
}
if (args[0] != "api")
{
    Console.Error.WriteLine($"Unknown command '{args[0]}'; the commands are api, all, import, broadcast, webhooks and console. See --help.");
    return 2;
}
var (options, error) = BenchOptions.Parse(args[1..]);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}
return await ApiBenchmark.RunAsync(options);
