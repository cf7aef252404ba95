using UcStack.Tool;

return await ToolApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
