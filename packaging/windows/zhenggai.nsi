; 整改台账 installer for Windows (NSIS 3, Unicode).
;
; Installs for the current user only, so clerks without administrator rights can install it,
; into %LOCALAPPDATA%\Programs\整改台账, with Start-menu and desktop shortcuts and an entry in
; 应用和功能. Uninstalling removes the program and never the data: the working database and its
; backups stay in %APPDATA%\zhenggai\zhenggai\data.
;
; Built by build.sh, which passes VERSION, EXE, LICENSE, ICON and OUTFILE with -D.

; The program is 64-bit, and so is its installer.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"

!ifndef VERSION
  !error "VERSION not defined (run build.sh)"
!endif

!define APP_NAME "整改台账"
!define APP_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\zhenggai"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

; The installer and the uninstaller show the program's icon; the shortcuts take it from the
; .exe, which carries it as a resource (build.rs).
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\zhenggai.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开整改台账"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME}安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "zhenggai developers"

Section "程序" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=zhenggai.exe" "${EXE}"
  File "/oname=LXGWWenKai-LICENSE.txt" "${LICENSE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\zhenggai.exe"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\zhenggai.exe"

  WriteRegStr HKCU "${APP_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${APP_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${APP_KEY}" "Publisher" "zhenggai developers"
  WriteRegStr HKCU "${APP_KEY}" "DisplayIcon" "$INSTDIR\zhenggai.exe"
  WriteRegStr HKCU "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${APP_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${APP_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$INSTDIR\zhenggai.exe"
  Delete "$INSTDIR\LXGWWenKai-LICENSE.txt"
  Delete "$INSTDIR\uninstall.exe"
  ; Only an empty folder is removed: a portable data folder kept here by the user stays.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${APP_KEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "整改台账已卸载。$\r$\n工作数据和备份没有删除，仍在：$\r$\n$APPDATA\zhenggai\zhenggai\data" /SD IDOK
SectionEnd
