"""Starting texts for the network's accessibility statement and privacy notice (staff edit them)."""

from typing import Final

ACCESSIBILITY_STATEMENT: Final = """\
Reglab står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.

### Hur tillgänglig är webbplatsen?

Webbplatsen är byggd för att uppfylla WCAG 2.1 på nivå AA. Den går att använda med enbart tangentbord och med skärmläsare, texten kan förstoras till 200 procent utan att innehåll försvinner, och färgerna har tillräcklig kontrast. Vi testar varje sida automatiskt med verktyget axe och manuellt med tangentbord.

### Vad kan du göra om du inte kan använda delar av webbplatsen?

Om du behöver innehåll från webbplatsen i ett annat format, till exempel inbjudan i punktskrift eller uppläst, kan du kontakta kansliet på e-post. Vi svarar inom två arbetsdagar.

### Rapportera brister

Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs här, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns.

### Tillsyn

Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det.

### Teknisk information om webbplatsens tillgänglighet

Webbplatsen är förenlig med kraven i lagen om tillgänglighet till digital offentlig service. Inga kända brister finns i dag.

### Hur vi testat webbplatsen

Vi granskar webbplatsen själva, automatiskt vid varje ändring av koden och manuellt med tangentbord och skärmläsare."""

PRIVACY_NOTICE: Final = """\
Här beskriver vi hur vi behandlar personuppgifter när du besöker webbplatsen, anmäler dig till ett lärprojekt eller deltar i en workshop.

### Personuppgiftsansvarig

Reglab är personuppgiftsansvarig för behandlingen. Du når kansliet via e-postadressen längst ned på sidan.

### Vilka uppgifter och varför

- **Anmälan:** namn, e-postadress, telefon, roll och organisation för kontaktperson, deltagare och godkännande chef, samt fakturauppgifter. Ändamålet är att administrera lärprojektet och fakturera avgiften.
- **Workshopar:** svar på deltagande, eventuella kost- och tillgänglighetsbehov, samt det du skriver på tavlorna. Ändamålet är att genomföra och dokumentera lärprojektet.

### Rättslig grund

Behandlingen sker för att utföra en uppgift av allmänt intresse (regional utveckling) och, för fakturering, för att fullgöra en rättslig förpliktelse enligt bokföringslagen. Uppgifter om kost och tillgänglighet behandlas bara med ditt samtycke och bara inför den träff de gäller.

### Hur länge

Deltagaruppgifter avidentifieras när lärprojektet har avslutats och den tid som kansliet har bestämt har gått. Fakturaunderlag sparas i sju år enligt bokföringslagen.

### Dina rättigheter

Du har rätt att få ut dina uppgifter, få felaktiga uppgifter rättade och få uppgifter raderade när de inte längre behövs. Kontakta kansliet. Du kan också lämna klagomål till Integritetsskyddsmyndigheten (IMY).

### Kakor

Webbplatsen använder bara nödvändiga kakor: en för språkval, en för inloggning och en som skyddar formulär mot förfalskade anrop. Inga kakor för statistik eller marknadsföring."""
