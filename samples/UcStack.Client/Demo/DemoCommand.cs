using System.CommandLine;
using UcStack.Sip.Transport;

namespace UcStack.Client.Demo;

/// <summary><c>ucstack-client demo</c>: the server and two clients as child processes, narrated.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var serverPath = new Option<string?>("--server-dll") { Description = "The sample server's ucstack-server.dll (default: found next to this program or in the repository's build output)." };
        var session = new Option<string>("--session-transport")
        {
            Description = "tcp, udp or tls: how the two clients talk to the server after the TLS registration step.",
            DefaultValueFactory = _ => "tcp",
        };
        session.AcceptOnlyFromAmong("tcp", "udp", "tls");
        var timeout = new Option<int>("--step-timeout") { Description = "Seconds each step may take.", DefaultValueFactory = _ => 30 };
        var command = new Command("demo", "Start the sample server and two clients (alice, bob) on loopback and walk through register over TLS, presence, IM, an SRTP call relayed through TURN, a conference and a slide; exit 0 when every step passed.")
        {
            serverPath, session, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var transport = Enum.Parse<SipTransportProtocol>(parse.GetValue(session)!, ignoreCase: true);
            var demo = new DemoRunner(parse.InvocationConfiguration.Output, TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(serverPath), transport);
            return await demo.RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
