using System.Text.RegularExpressions;
using UcStack.Client.Demo;

namespace UcStack.Client.Tests.Demo;

/// <summary>
/// The demo as CI runs it: <c>ucstack-client demo</c> as a process, which starts the sample server and two clients
/// as processes of its own on loopback: every step of the narrated summary passes (the call through the TURN relay
/// included) and the exit code is 0.
/// </summary>
[TestFixture]
public sealed partial class DemoEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [GeneratedRegex(@"^  (?<mark>PASS|FAIL|N/A |SKIP) \[(?<n>\d+)\] (?<name>.+?)(?: - (?<detail>.*))?$")]
    private static partial Regex SummaryLine();

    [Test]
    public async Task Demo_ThreeProcesses_EveryStepPassesAndExitsZero()
    {
        using var cts = new CancellationTokenSource(Bound);
        var demo = ChildProcess.StartDotnet("demo", FindClient(), ["demo", "--step-timeout", "30"]);
        int exitCode;
        IReadOnlyList<string> lines;
        try
        {
            exitCode = await demo.WaitForExitAsync(Bound, cts.Token);
            lines = demo.Lines;
        }
        finally
        {
            await demo.DisposeAsync();
        }

        var transcript = string.Join("\n", lines) + "\n" + demo.ErrorTail;
        var summary = lines.SkipWhile(l => l != "summary:").Skip(1).Select(l => SummaryLine().Match(l)).Where(m => m.Success).ToList();
        Assert.That(summary, Has.Count.EqualTo(13), transcript);
        var steps = summary.ToDictionary(m => m.Groups["name"].Value, m => (Mark: m.Groups["mark"].Value.Trim(), Detail: m.Groups["detail"].Value));

        foreach (var (name, (mark, detail)) in steps) Assert.That(mark, Is.EqualTo("PASS"), $"step {name}: {detail}\n{transcript}");
        Assert.That(steps.Keys, Does.Contain("SRTP call relayed through TURN"), transcript);
        Assert.That(exitCode, Is.Zero, transcript);
        Assert.That(lines[^1], Is.EqualTo("demo passed: all 13 steps succeeded"), transcript);
    }

    /// <summary>The client's build output in the same configuration as this test assembly.</summary>
    private static string FindClient()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var targetFramework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory))!;
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "UcStack.Client", "bin", configuration, targetFramework, "ucstack-client.dll");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("samples/UcStack.Client is not built");
    }
}
