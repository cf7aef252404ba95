using BenchmarkDotNet.Attributes;
using UcStack.C3P;

namespace UcStack.Benchmarks.C3P;

/// <summary>
/// C3P codec costs: an addUser (join) request as a client sends in its focus INVITE, and a 20-user conference-info
/// document as a focus sends in a full NOTIFY. C3P is signalling, not media: the aim is "cheap enough per message"
/// (tens of microseconds), with allocations reported so regressions show.
/// </summary>
[MemoryDiagnoser]
public class C3PBenchmarks
{
    private const string Focus = "sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M";
    private byte[] _addUserBytes = null!;
    private byte[] _rosterBytes = null!;
    private C3PMessage _addUser = null!;
    private ConferenceInfoDocument _roster = null!;

    [GlobalSetup]
    public void Setup()
    {
        _addUser = new C3PRequest
        {
            RequestId = 1,
            From = "sip:bob@example.org",
            To = Focus,
            C3PVersion = "1",
            Command = new AddUserCommand
            {
                Keys = new ConferenceKeys { ConfEntity = Focus },
                User = new ConferenceUser
                {
                    Entity = "sip:bob@example.org",
                    Roles = ["attendee"],
                    Endpoints = [new ConferenceEndpoint { Entity = "{6E1F3B2A-0000-4C1D-9E11-0123456789AB}" }],
                },
            },
        };
        _roster = new ConferenceInfoDocument
        {
            Entity = Focus,
            State = ConferenceElementState.Full,
            Version = 1,
            Description = new ConferenceDescription
            {
                Subject = "Design review",
                ConferenceId = "K7QW2Z9M",
                ConfUris = new ConferenceUris
                {
                    Entries =
                    [
                        new ConferenceUri { Uri = Focus.Replace("focus", "chat", StringComparison.Ordinal), Purpose = "chat" },
                        new ConferenceUri { Uri = Focus.Replace("focus", "audio-video", StringComparison.Ordinal), Purpose = "audio-video" },
                    ],
                },
            },
            ConferenceState = new ConferenceStateInfo { UserCount = 20, Active = true, Locked = false },
            Users = new ConferenceUsers
            {
                Users = ValueList.From(Enumerable.Range(0, 20).Select(i => new ConferenceUser
                {
                    Entity = $"sip:user{i}@example.org",
                    DisplayText = $"User {i}",
                    Roles = [i == 0 ? "presenter" : "attendee"],
                    Endpoints =
                    [
                        new ConferenceEndpoint { Entity = Focus, SessionType = "focus", Status = "connected", JoiningMethod = "dialed-in" },
                        new ConferenceEndpoint
                        {
                            Entity = $"{{00000000-0000-4000-8000-{i:D12}}}",
                            SessionType = "audio-video",
                            Status = "connected",
                            Media = [new ConferenceMedia { Id = "1", Type = "audio", Status = "sendrecv" }],
                        },
                    ],
                })),
            },
        };
        _addUserBytes = C3PXml.Write(_addUser);
        _rosterBytes = ConferenceInfoXml.Write(_roster);
    }

    [Benchmark]
    public C3PMessage ParseAddUser() => C3PXml.Parse(_addUserBytes);

    [Benchmark]
    public byte[] WriteAddUser() => C3PXml.Write(_addUser);

    [Benchmark]
    public ConferenceInfoDocument ParseRoster20() => ConferenceInfoXml.Parse(_rosterBytes);

    [Benchmark]
    public byte[] WriteRoster20() => ConferenceInfoXml.Write(_roster);
}
