using FsCheck;
using FsCheck.Fluent;

namespace UcStack.C3P.Tests;

/// <summary>FsCheck generators for the C3P and conference-info models.</summary>
internal static partial class Generators
{
    /// <summary>How many cases a property runs: CI-sized by default; UCSTACK_FSCHECK_MAXTEST raises it for a local soak.</summary>
    public static int MaxTest(int ciCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("UCSTACK_FSCHECK_MAXTEST"), out var soak) && soak > 0 ? soak : ciCount;

    private static readonly string[] Fragments =
    [
        "a", "Z", "0", "sip:", "@", "example.org", ";gruu", " ", "  ", "\t", "\n", "\r\n", "\r", "&", "<", ">", "\"", "'",
        "é", "日本", "😀", "]]>", "&amp;", "=", "{6E1F}", "-", "presenter",
    ];

    public static Gen<string> Text =>
        from n in Gen.Choose(0, 5)
        from parts in Gen.Elements(Fragments).ArrayOf(n)
        select string.Concat(parts);

    private static Gen<string> NonBlankText =>
        from head in Gen.Elements("x", "Δ", "0", "&", "<")
        from tail in Text
        select head + tail;

    public static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(x => (T?)x), gen.Select(x => (T?)x));

    public static Gen<T?> OrNullValue<T>(Gen<T> gen)
        where T : struct => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(x => (T?)x), gen.Select(x => (T?)x));

    public static Gen<ValueList<T>> ListOf<T>(Gen<T> gen, int max) =>
        from n in Gen.Choose(0, max)
        from items in gen.ArrayOf(n)
        select ValueList.From(items);

    public static Gen<uint> UInt32 { get; } =
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.Choose(0, 0xFFFF)
        select (uint)high << 16 | (uint)low;

    public static Gen<ulong> UInt64 { get; } = from a in UInt32 from b in UInt32 select (ulong)a << 32 | b;

    public static Gen<bool> Bool => Gen.Elements(false, true);

    public static Gen<DateTimeOffset> Utc =>
        from seconds in Gen.Choose(0, int.MaxValue)
        from ticks in Gen.Elements(0, 1, 5_000_000, 1_234_567)
        select new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds).AddTicks(ticks);

    public static Gen<ConferenceElementState?> State =>
        OrNullValue(Gen.Elements(ConferenceElementState.Full, ConferenceElementState.Partial, ConferenceElementState.Deleted));

    // Extension content lives in namespaces the model never claims, so it can only come back as extension content.
    private static readonly string[] ExtensionNamespaces = ["urn:example:a", "urn:example:b", ""];

    public static Gen<ValueList<XmlAttributeEntry>> ExtraAttributes =>
        from n in Gen.Choose(0, 2)
        from items in (from ns in Gen.Elements("", "urn:example:a")
                       from name in Gen.Elements("x-flag", "tag", "n1")
                       from value in Text
                       select new XmlAttributeEntry(ns, name, value)).ArrayOf(n)
        select ValueList.From(items.DistinctBy(a => (a.Namespace, a.LocalName)));

    public static Gen<XmlExtensionElement> Extension(int depth) =>
        from ns in Gen.Elements(ExtensionNamespaces)
        from name in Gen.Elements("note", "x-data", "a.b", "z_1")
        from attributes in ExtraAttributes
        from children in depth == 0 ? Gen.Constant(ValueList<XmlExtensionNode>.Empty) : ExtensionChildren(depth - 1)
        select new XmlExtensionElement(ns, name) { Attributes = attributes, Children = children };

    /// <summary>Children as a reader gives them back: no empty or adjacent text, and no blank text beside elements.</summary>
    private static Gen<ValueList<XmlExtensionNode>> ExtensionChildren(int depth) => Gen.OneOf(
        Gen.Constant(ValueList<XmlExtensionNode>.Empty),
        Text.Where(t => t.Length > 0).Select(t => ValueList.From<XmlExtensionNode>([new XmlExtensionText(t)])),
        from n in Gen.Choose(1, 3)
        from elements in Extension(depth).ArrayOf(n)
        from texts in OrNull(NonBlankText).ArrayOf(n)
        select ValueList.From(elements.Zip(texts).SelectMany(p => p.Second is null
            ? new XmlExtensionNode[] { p.First }
            : [p.First, new XmlExtensionText(p.Second)])));

    public static Gen<ValueList<XmlExtensionElement>> Extensions => ListOf(Extension(2), 2);

    public static Gen<ConferenceUris> Uris =>
        from state in State
        from entries in ListOf(
            from uri in Text
            from display in OrNull(Text)
            from purpose in OrNull(Text)
            from extensions in ListOf(Extension(0), 1)
            from extra in ExtraAttributes
            select new ConferenceUri { Uri = uri, DisplayText = display, Purpose = purpose, Extensions = extensions, ExtraAttributes = extra }, 3)
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceUris { State = state, Entries = entries, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceDescription> Description =>
        from state in State
        from display in OrNull(Text)
        from subject in OrNull(Text)
        from free in OrNull(Text)
        from keywords in OrNull(Text)
        from confUris in OrNull(Uris)
        from serviceUris in OrNull(Uris)
        from max in OrNullValue(UInt32)
        from id in OrNull(Text)
        from expiry in OrNullValue(Utc)
        from policy in OrNull(Gen.Elements("openAuthenticated", "closedAuthenticated", "anonymous"))
        from extensions in Extensions
        from extra in ExtraAttributes
        select new ConferenceDescription
        {
            State = state, DisplayText = display, Subject = subject, FreeText = free, Keywords = keywords, ConfUris = confUris,
            ServiceUris = serviceUris, MaximumUserCount = max, ConferenceId = id, ExpiryTime = expiry, AdmissionPolicy = policy,
            Extensions = extensions, ExtraAttributes = extra,
        };

    public static Gen<HostInfo> HostInfo =>
        from state in State
        from display in OrNull(Text)
        from web in OrNull(Text)
        from uris in OrNull(Uris)
        from extensions in Extensions
        from extra in ExtraAttributes
        select new HostInfo { State = state, DisplayText = display, WebPage = web, Uris = uris, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceStateInfo> ConferenceState =>
        from state in State
        from count in OrNullValue(UInt32)
        from active in OrNullValue(Bool)
        from locked in OrNullValue(Bool)
        from extensions in Extensions
        from extra in ExtraAttributes
        select new ConferenceStateInfo { State = state, UserCount = count, Active = active, Locked = locked, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceMedia> Media =>
        from id in Text
        from display in OrNull(Text)
        from type in OrNull(Gen.Elements("audio", "video", "chat"))
        from label in OrNull(Text)
        from src in OrNull(Text)
        from status in OrNull(Gen.Elements("sendrecv", "recvonly", "sendonly", "inactive"))
        from mediaState in OrNull(Text)
        from filter in OrNull(Gen.Elements("block", "unblock"))
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceMedia
        {
            Id = id, DisplayText = display, Type = type, Label = label, SourceId = src, Status = status, MediaState = mediaState,
            MediaIngressFilter = filter, Extensions = extensions, ExtraAttributes = extra,
        };

    public static Gen<ConferenceEndpoint> Endpoint =>
        from entity in Text
        from state in State
        from session in OrNull(Gen.Elements("focus", "chat", "audio-video", "applicationsharing"))
        from display in OrNull(Text)
        from status in OrNull(Gen.Elements("connected", "disconnected", "on-hold"))
        from joining in OrNull(Gen.Elements("dialed-in", "dialed-out"))
        from disconnection in OrNull(Gen.Elements("departed", "booted"))
        from media in ListOf(Media, 2)
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceEndpoint
        {
            Entity = entity, State = state, SessionType = session, DisplayText = display, Status = status, JoiningMethod = joining,
            DisconnectionMethod = disconnection, Media = media, Extensions = extensions, ExtraAttributes = extra,
        };

    public static Gen<ValueList<string>?> Roles => OrNull(ListOf(Gen.OneOf(Gen.Elements("presenter", "attendee"), Text), 2));

    public static Gen<ConferenceUser> User =>
        from entity in Text
        from state in State
        from display in OrNull(Text)
        from roles in Roles
        from endpoints in ListOf(Endpoint, 2)
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceUser { Entity = entity, State = state, DisplayText = display, Roles = roles, Endpoints = endpoints, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceUsers> Users =>
        from state in State
        from users in ListOf(User, 3)
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceUsers { State = state, Users = users, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceView> View =>
        from state in State
        from views in ListOf(
            from entity in Text
            from viewState in State
            from extensions in Extensions
            from extra in ExtraAttributes
            select new EntityView { Entity = entity, State = viewState, Extensions = extensions, ExtraAttributes = extra }, 2)
        from extensions in ListOf(Extension(1), 1)
        from extra in ExtraAttributes
        select new ConferenceView { State = state, EntityViews = views, Extensions = extensions, ExtraAttributes = extra };

    public static Gen<ConferenceInfoDocument> ConferenceInfo =>
        from entity in Text
        from state in State
        from version in OrNullValue(UInt32)
        from description in OrNull(Description)
        from host in OrNull(HostInfo)
        from conferenceState in OrNull(ConferenceState)
        from users in OrNull(Users)
        from view in OrNull(View)
        from extensions in Extensions
        from extra in ExtraAttributes
        select new ConferenceInfoDocument
        {
            Entity = entity, State = state, Version = version, Description = description, HostInfo = host, ConferenceState = conferenceState,
            Users = users, ConferenceView = view, Extensions = extensions, ExtraAttributes = extra,
        };
}
