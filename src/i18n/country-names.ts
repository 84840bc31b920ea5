// Country names Intl.DisplayNames does not give as the United Nations write them, reviewed by hand, per interface
// language: the observer State of Palestine (CLDR says "Palestinian Territories") and the fictional demo countries
// (no ISO code at all). English names come from data/countries.json (the UN short names) and are not repeated here.
export const reviewedCountryNames: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  PSE: { fr: "État de Palestine", es: "Estado de Palestina", ar: "دولة فلسطين", ru: "Государство Палестина", zh: "巴勒斯坦国", pt: "Estado da Palestina" },
  XDL: { fr: "Démolande (démo)", es: "Demolandia (demo)", ar: "ديمولاند (تجريبي)", ru: "Демоландия (демо)", zh: "演示国（演示）", pt: "Demolândia (demo)" },
  XAR: { fr: "Arcadie (démo)", es: "Arcadia (demo)", ar: "أركاديا (تجريبي)", ru: "Аркадия (демо)", zh: "阿卡迪亚（演示）", pt: "Arcádia (demo)" },
  XBO: { fr: "Boréalie (démo)", es: "Borealia (demo)", ar: "بورياليا (تجريبي)", ru: "Бореалия (демо)", zh: "北境国（演示）", pt: "Boreália (demo)" },
  XCO: { fr: "Coralie (démo)", es: "Coralia (demo)", ar: "كوراليا (تجريبي)", ru: "Коралия (демо)", zh: "珊瑚国（演示）", pt: "Corália (demo)" },
};
