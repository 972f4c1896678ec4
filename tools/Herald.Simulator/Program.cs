using Herald.Simulator;

await using var app = SimulatorApp.Create(args);
await app.RunAsync();
