using UcStack.Client.Cli;

// ucstack-client: a command-line UC client for the sample server (docs/getting-started.md).
// `dotnet run --project samples/UcStack.Client -- demo` runs the server and two clients and walks through everything.
return await ClientApp.RunAsync(args, Console.In, Console.Out, Console.Error).ConfigureAwait(false);
