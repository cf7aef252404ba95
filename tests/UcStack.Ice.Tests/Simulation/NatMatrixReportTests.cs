using System.Globalization;
using System.Text;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>
/// The benchmark of issue 7 as a report: for each NAT matrix cell, the checks both agents sent and the simulated
/// time until both selected a pair (default timers: Ta 50 ms, RTO 500 ms; nomination delay 4 s; 20 ms one-way delay).
/// Written to the test output and to <c>ice-nat-matrix.md</c> next to the test assembly.
/// </summary>
[TestFixture]
public sealed class NatMatrixReportTests
{
    [Test]
    public async Task Report_EveryCellSelectsWithinBoundedChecksAndTime()
    {
        NatBehavior?[] behaviors =
        [
            null,
            NatBehavior.FullCone,
            new NatBehavior(NatMapping.EndpointIndependent, NatFiltering.AddressDependent),
            new NatBehavior(NatMapping.EndpointIndependent, NatFiltering.AddressAndPortDependent),
            new NatBehavior(NatMapping.AddressDependent, NatFiltering.AddressDependent),
            NatBehavior.Symmetric,
        ];
        var table = new StringBuilder();
        table.AppendLine("| A \\ B | " + string.Join(" | ", behaviors.Select(Name)) + " |");
        table.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", behaviors.Length)));
        foreach (var a in behaviors)
        {
            table.Append("| ").Append(Name(a)).Append(" |");
            foreach (var b in behaviors)
            {
                await using var harness = new IcePairHarness(a, b);
                harness.Start();
                var settled = harness.RunUntil(
                    () => harness.A.GetSelectedPair(1) is not null && harness.B.GetSelectedPair(1) is not null,
                    TimeSpan.FromSeconds(120));
                Assert.That(settled, Is.True, $"{Name(a)} vs {Name(b)} did not select");
                var checks = harness.A.ChecksSent + harness.B.ChecksSent;
                var kind = NatMatrixTests.Classify(harness.A.GetSelectedPair(1)!);
                Assert.That(checks, Is.LessThan(400), $"{Name(a)} vs {Name(b)}");
                Assert.That(harness.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"{Name(a)} vs {Name(b)}");
                table.Append(CultureInfo.InvariantCulture, $" {kind} {checks} / {harness.Elapsed.TotalSeconds:0.00} s |");
            }

            table.AppendLine();
        }

        var text = table.ToString();
        await TestContext.Out.WriteLineAsync(text);
        await File.WriteAllTextAsync(Path.Combine(TestContext.CurrentContext.WorkDirectory, "ice-nat-matrix.md"), text);
    }

    private static string Name(NatBehavior? behavior) => behavior?.ToString() ?? "public";
}
