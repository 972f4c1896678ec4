using Herald.Server;

var app = HeraldApp.Build(args);
await HeraldApp.RunAsync(app);

/// <summary>The entry point, visible to tests that host Herald in-process.</summary>
public partial class Program;
