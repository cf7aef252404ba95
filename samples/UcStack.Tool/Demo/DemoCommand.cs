using System.CommandLine;

namespace UcStack.Tool.Demo;

/// <summary><c>ucstack demo</c>: a narrated loopback session using every layer built so far.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command(
            "demo",
            "Run a narrated loopback session: STUN binding, a SIP call set up over UDP with SRTP keys in SDP, a G.711 tone sent as SRTP and checked by the receiver; exit 0 when every step succeeds");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var demo = new LoopbackDemo(parse.InvocationConfiguration.Output);
            return await demo.RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
