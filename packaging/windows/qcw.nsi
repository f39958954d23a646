; qcw Windows installer (NSIS 3, Unicode). Built by packaging/windows/build.sh:
;   makensis -DVERSION=<version> -DSTAGE=<folder with qcw.exe, qcw-gui.exe, docs> -DOUTFILE=<setup.exe> qcw.nsi
; Installs per machine into Program Files\qcw: qcw.exe (command line), qcw-gui.exe (workbench, no
; console), README, CHANGELOG, licences; a Start menu entry; .qcw and .qdpx opened with qcw-gui.exe;
; qcw.exe's folder on the PATH is left alone (the CLI is run by full path or from the install folder);
; an uninstaller registered in Apps & features.

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "pass -DSTAGE=folder"
!endif
!ifndef OUTFILE
  !define OUTFILE "qcw-${VERSION}-setup.exe"
!endif

!include "MUI2.nsh"
!include "x64.nsh"

!define APPNAME "qcw"
!define APPNAME_ZH "qcw 质性编码工作台"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\qcw"

Name "${APPNAME_ZH}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\qcw"
InstallDirRegKey HKLM "Software\qcw" "InstallDir"
BrandingText "qcw ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "qcw"
VIAddVersionKey /LANG=0 "FileDescription" "qcw installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "qcw.ico"
!define MUI_UNICON "qcw.ico"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\qcw-gui.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ; Per machine: the Start menu entry for all users, like the files and the associations.
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${Else}
    MessageBox MB_OK|MB_ICONSTOP "qcw needs 64-bit Windows. qcw 需要 64 位 Windows。"
    Abort
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

; One file type: ProgID, icon, open command, and the extension pointing at it.
!macro FileType EXT PROGID DESC
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "${DESC}"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\qcw-gui.exe,0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\qcw-gui.exe" "%1"'
  WriteRegStr HKLM "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
!macroend

!macro RemoveFileType EXT PROGID
  ReadRegStr $0 HKLM "Software\Classes\${EXT}" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKLM "Software\Classes\${EXT}"
  DeleteRegValue HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
!macroend

Section "qcw" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\qcw.exe"
  File "${STAGE}\qcw-gui.exe"
  File "${STAGE}\README.md"
  File "${STAGE}\CHANGELOG.md"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\wqy-microhei.COPYRIGHT.txt"
  File /nonfatal "${STAGE}\guide.zh.md"
  File /nonfatal "${STAGE}\guide.en.md"
  File "qcw.ico"

  CreateShortcut "$SMPROGRAMS\${APPNAME_ZH}.lnk" "$INSTDIR\qcw-gui.exe" "" "$INSTDIR\qcw-gui.exe" 0

  !insertmacro FileType ".qcw" "qcw.Project" "qcw 项目 (qcw project)"
  !insertmacro FileType ".qdpx" "qcw.Qdpx" "REFI-QDA 项目 (REFI-QDA project)"
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKLM "Software\qcw" "InstallDir" "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APPNAME_ZH}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "qcw developers"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\qcw-gui.exe,0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME_ZH}.lnk"
  !insertmacro RemoveFileType ".qcw" "qcw.Project"
  !insertmacro RemoveFileType ".qdpx" "qcw.Qdpx"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  Delete "$INSTDIR\qcw.exe"
  Delete "$INSTDIR\qcw-gui.exe"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\CHANGELOG.md"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\wqy-microhei.COPYRIGHT.txt"
  Delete "$INSTDIR\guide.zh.md"
  Delete "$INSTDIR\guide.en.md"
  Delete "$INSTDIR\qcw.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "Software\qcw"
SectionEnd
