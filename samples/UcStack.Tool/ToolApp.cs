using System.CommandLine;
using UcStack.Tool.C3P;
using UcStack.Tool.Demo;
using UcStack.Tool.Sip;
using UcStack.Tool.Srtp;

namespace UcStack.Tool;

/// <summary>Builds the command tree and maps outcomes to exit codes: 0 success, 1 a protocol check failed, 2 usage error.</summary>
internal static class ToolApp
{
    internal const int ExitOk = 0;
    internal const int ExitFailed = 1;
    internal const int ExitUsage = 2;

    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("ucstack: protocol diagnostics built on the UcStack libraries");
        root.Subcommands.Add(C3PParseCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CreateIce());
        root.Subcommands.Add(SipCommands.Create());
        root.Subcommands.Add(SrtpCommands.Create());
        root.Subcommands.Add(StunCommands.Create());
        root.Subcommands.Add(CreateTurn());
        return root;
    }

    private static Command CreateIce()
    {
        var ice = new Command("ice", "ICE (RFC 8445) agents");
        ice.Subcommands.Add(IcePairCommand.Create());
        return ice;
    }

    private static Command CreateTurn()
    {
        var turn = new Command("turn", "TURN (RFC 8656, RFC 6062) client and relay server");
        turn.Subcommands.Add(TurnAllocateCommand.Create());
        turn.Subcommands.Add(Turn.TurnServerCommand.Create());
        return turn;
    }

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
