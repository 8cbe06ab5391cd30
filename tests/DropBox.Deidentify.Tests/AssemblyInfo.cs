// The daemon and its tests target Linux (file modes, gpg, sshd).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
