; Per-user Windows installer for selfgov-desktop (居委会三会工作台), Inno Setup 6.3 or newer.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\selfgov-desktop.iss
;
; Takes dist\selfgov-desktop\ as `pyinstaller --noconfirm --clean build.spec` (make bundle)
; leaves it and writes dist\selfgov-desktop-VERSION-setup.exe. No administrator rights:
; the program goes to %LOCALAPPDATA%\Programs\selfgov-desktop, the Start-menu entry to the
; user's own Start menu. The data lives elsewhere, in %LOCALAPPDATA%\selfgov-desktop, and
; neither an update nor the uninstaller touches it.
; Built and smoke-tested by .github/workflows/windows.yml (it cannot run on Linux).
; This file is UTF-8 with a byte-order mark: Inno Setup reads it as ANSI otherwise.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "居委会三会工作台"
#define AppExe "selfgov-desktop.exe"

[Setup]
; the same AppId for every version: a new version installs over the old one
AppId={{5B0E6C1A-7D52-4C2B-9B7E-3F1D8A64C9E2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=selfgov-desktop
DefaultDirName={autopf}\selfgov-desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=selfgov-desktop-{#AppVersion}-setup
SetupIconFile=..\icons\selfgov-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; a running copy holds its files: the Restart Manager asks to close it before an update
CloseApplications=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; Flags: unchecked

[InstallDelete]
; an update replaces the whole bundle: no library of the old version is left beside the new
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\selfgov-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "居民花名册、三会逐步办理、会议记录、公示和台账"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "现在打开{#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes what was installed and nothing else.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent) then
    MsgBox('程序已卸载。数据（花名册、会议记录、备份）没有删除，仍在 ' +
           ExpandConstant('{localappdata}\selfgov-desktop') +
           '。重新安装后会直接用到它；确实不再需要时，可以手动删除这个文件夹。',
           mbInformation, MB_OK);
end;
