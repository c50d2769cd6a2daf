"""Every sentence the bot says, in Dutch, English and French.

Short, plain, and each ends with what to do next: our readers are on a phone
between two jobs.
"""
from __future__ import annotations

from bot.texts_scan import SCAN_TEXTS

LANGUAGES = ("nl", "en", "fr")

TEXTS: dict[str, dict[str, str]] = {
    "welcome": {
        "nl": "Hallo! Ik ben Digicoach. Ik help je met vragen over je loonbrief, paswoord, verlof, Teams en meer.",
        "en": "Hello! I am Digicoach. I help with questions about your payslip, password, leave, Teams and more.",
        "fr": "Bonjour ! Je suis Digicoach. J'aide pour la fiche de paie, le mot de passe, les congés, Teams et plus.",
    },
    "ask_site": {
        "nl": "Op welke plek werk je meestal? Kies hieronder of typ de naam.",
        "en": "Where do you usually work? Pick one below or type the name.",
        "fr": "Où travaillez-vous d'habitude ? Choisissez ci-dessous ou tapez le nom.",
    },
    "site_unknown": {
        "nl": "Die plek ken ik niet. Kies een van de knoppen.",
        "en": "I don't know that place. Please pick one of the buttons.",
        "fr": "Je ne connais pas ce lieu. Choisissez un des boutons.",
    },
    "site_saved": {
        "nl": "Bedankt! Je werkplek is {site}.",
        "en": "Thanks! Your workplace is {site}.",
        "fr": "Merci ! Votre lieu de travail est {site}.",
    },
    "greeting_reply": {
        "nl": "Hallo! Wat is je vraag? Typ ze in een paar woorden, of kies een onderwerp.",
        "en": "Hello! What is your question? Type it in a few words, or pick a topic.",
        "fr": "Bonjour ! Quelle est votre question ? Tapez-la en quelques mots, ou choisissez un sujet.",
    },
    "thanks_reply": {
        "nl": "Graag gedaan! Nog een vraag? Typ ze gewoon.",
        "en": "You're welcome! Another question? Just type it.",
        "fr": "Avec plaisir ! Une autre question ? Tapez-la simplement.",
    },
    "not_understood": {
        "nl": "Dat begrijp ik niet goed. Typ je vraag in een paar woorden, bv. \"loonbrief\" of \"paswoord vergeten\", of kies een onderwerp.",
        "en": "I don't quite understand. Type your question in a few words, e.g. \"payslip\" or \"forgot password\", or pick a topic.",
        "fr": "Je ne comprends pas bien. Tapez votre question en quelques mots, p. ex. « fiche de paie » ou « mot de passe oublié », ou choisissez un sujet.",
    },
    "clarify": {
        "nl": "Gaat het over een van deze? Iets anders? Beschrijf het in een zin.",
        "en": "Is it about one of these? Something else? Describe it in a sentence.",
        "fr": "Est-ce l'un de ces sujets ? Autre chose ? Décrivez-le en une phrase.",
    },
    "ask_question": {
        "nl": "Wat is je vraag? Typ ze in een paar woorden.",
        "en": "What is your question? Type it in a few words.",
        "fr": "Quelle est votre question ? Tapez-la en quelques mots.",
    },
    "did_it_help": {"nl": "Heeft dit geholpen?", "en": "Did this help?", "fr": "Est-ce que ça vous a aidé ?"},
    "yes": {"nl": "Ja", "en": "Yes", "fr": "Oui"},
    "no": {"nl": "Nee", "en": "No", "fr": "Non"},
    "glad": {
        "nl": "Fijn! Heb je nog een vraag? Typ ze gewoon.",
        "en": "Great! Any other question? Just type it.",
        "fr": "Très bien ! Une autre question ? Tapez-la.",
    },
    "did_you_mean": {"nl": "Bedoelde je een van deze?", "en": "Did you mean one of these?", "fr": "Vouliez-vous dire :"},
    "none_of_these": {"nl": "Geen van deze", "en": "None of these", "fr": "Aucune de ces réponses"},
    "looking_for_coach": {
        "nl": "Ik zoek een digicoach voor je. Je krijgt een bericht zodra iemand je vraag opneemt.",
        "en": "I am looking for a digicoach for you. You'll get a message as soon as someone takes your question.",
        "fr": "Je cherche un digicoach pour vous. Vous recevrez un message dès que quelqu'un prend votre question.",
    },
    "queued": {
        "nl": "Alle digicoaches zijn nu bezet; je bent nummer {position}. Je krijgt een bericht zodra iemand vrij is.",
        "en": "All digicoaches are busy right now; you are number {position}. You'll get a message when someone is free.",
        "fr": "Tous les digicoaches sont occupés ; vous êtes numéro {position}. Vous aurez un message dès que quelqu'un est libre.",
    },
    # nobody is working now (hours, pauses): say when the first coach who could take it starts
    "queued_off_hours": {
        "nl": "Nu is er geen digicoach aan het werk; {when} is er weer iemand. Je vraag wacht tot dan in de rij "
        "(je bent nummer {position}). Je krijgt een bericht zodra een digicoach ze opneemt. Niet meer nodig? Typ /cancel.",
        "en": "No digicoach is at work right now; the first one is back {when}. Your question waits in the queue until "
        "then (you are number {position}). You'll get a message as soon as a digicoach takes it. No longer needed? Type /cancel.",
        "fr": "Aucun digicoach ne travaille en ce moment ; le premier sera là {when}. Votre question attend jusque-là dans "
        "la file (vous êtes numéro {position}). Vous aurez un message dès qu'un digicoach la prend. Plus besoin ? Tapez /cancel.",
    },
    # nobody who could take it will be at work (no coach speaks the language, all paused until /resume, all said no)
    "queued_no_coach": {
        "nl": "Er is nu geen digicoach die je vraag kan opnemen, en ik kan niet zeggen wanneer wel. Je vraag blijft in de rij "
        "(je bent nummer {position}); je krijgt een bericht zodra iemand ze opneemt. Niet meer nodig? Typ /cancel.",
        "en": "No digicoach can take your question right now, and I can't say when one will. Your question stays in the "
        "queue (you are number {position}); you'll get a message as soon as someone takes it. No longer needed? Type /cancel.",
        "fr": "Aucun digicoach ne peut prendre votre question pour l'instant, et je ne peux pas dire quand. Votre question "
        "reste dans la file (vous êtes numéro {position}) ; vous aurez un message dès que quelqu'un la prend. "
        "Plus besoin ? Tapez /cancel.",
    },
    "when_today": {"nl": "vandaag vanaf {time}", "en": "today from {time}", "fr": "aujourd'hui à partir de {time}"},
    "when_tomorrow": {"nl": "morgen vanaf {time}", "en": "tomorrow from {time}", "fr": "demain à partir de {time}"},
    "when_day": {"nl": "{day} vanaf {time}", "en": "on {day} from {time}", "fr": "{day} à partir de {time}"},
    "time_of_day": {"nl": "{hour}:{minute:02d}", "en": "{hour}:{minute:02d}", "fr": "{hour}h{minute:02d}"},
    "weekday_names": {
        "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
        "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    },
    "month_names": {
        "nl": "januari februari maart april mei juni juli augustus september oktober november december",
        "en": "January February March April May June July August September October November December",
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    },
    "coach_found": {
        "nl": "{coach} helpt je met je vraag. Typ hier je bericht, {coach} krijgt het door.",
        "en": "{coach} will help you. Type your message here and {coach} will get it.",
        "fr": "{coach} va vous aider. Tapez votre message ici, {coach} le recevra.",
    },
    "offer": {
        "nl": "Nieuwe vraag #{ticket} van {name} ({site}, {distance}):\n{question}",
        "en": "New question #{ticket} from {name} ({site}, {distance}):\n{question}",
        "fr": "Nouvelle question #{ticket} de {name} ({site}, {distance}) :\n{question}",
    },
    "story_suggested": {"nl": "Ik stelde voor: {titles}", "en": "I suggested: {titles}", "fr": "J'ai proposé : {titles}"},
    "story_picked": {"nl": "Gekozen: {title}", "en": "Picked: {title}", "fr": "Choisi : {title}"},
    "story_rejected": {
        "nl": "Mijn antwoord over {title} hielp niet",
        "en": "My answer about {title} did not help",
        "fr": "Ma réponse sur {title} n'a pas aidé",
    },
    "story_none_fit": {"nl": "Geen van mijn voorstellen paste", "en": "None of my suggestions fitted", "fr": "Aucune de mes propositions ne convenait"},
    "story_later": {"nl": "Later: “{text}”", "en": "Later: “{text}”", "fr": "Plus tard : « {text} »"},
    "still_waiting_after_answer": {
        "nl": "Je eerdere vraag (#{ticket}) wacht nog op een digicoach.",
        "en": "Your earlier question (#{ticket}) is still waiting for a digicoach.",
        "fr": "Votre question précédente (#{ticket}) attend encore un digicoach.",
    },
    "accept": {"nl": "Ik help", "en": "I'll help", "fr": "J'aide"},
    "decline": {"nl": "Niet nu", "en": "Not now", "fr": "Pas maintenant"},
    "accepted_coach": {
        "nl": "Je helpt {name} (#{ticket}). Wat je hier typt, gaat naar {name}. Klaar? Kies Afsluiten.",
        "en": "You are helping {name} (#{ticket}). What you type here goes to {name}. Done? Choose Close.",
        "fr": "Vous aidez {name} (#{ticket}). Ce que vous tapez ici va à {name}. Terminé ? Choisissez Clôturer.",
    },
    "close": {"nl": "Afsluiten", "en": "Close", "fr": "Clôturer"},
    "hand_back": {"nl": "Geef terug", "en": "Hand back", "fr": "Rendre"},
    "already_taken": {
        "nl": "Vraag #{ticket} is al opgenomen door een andere digicoach. Toch bedankt!",
        "en": "Question #{ticket} was already taken by another digicoach. Thanks anyway!",
        "fr": "La question #{ticket} a déjà été prise par un autre digicoach. Merci quand même !",
    },
    "offer_expired": {
        "nl": "Vraag #{ticket} is intussen aan iemand anders gegeven.",
        "en": "Question #{ticket} has been passed to someone else in the meantime.",
        "fr": "La question #{ticket} a été transmise à quelqu'un d'autre entre-temps.",
    },
    "at_capacity": {
        "nl": "Je helpt al zoveel collega's tegelijk als je kunt ({held}). Vraag #{ticket} gaat naar een andere digicoach. Sluit eerst een vraag af om er een nieuwe op te nemen.",
        "en": "You are already helping as many colleagues at once as you can ({held}). Question #{ticket} goes to another digicoach. Close a question first to take a new one.",
        "fr": "Vous aidez déjà autant de collègues à la fois que possible ({held}). La question #{ticket} va à un autre digicoach. Clôturez d'abord une question pour en prendre une nouvelle.",
    },
    "ticket_over": {
        "nl": "Vraag #{ticket} is niet meer open.",
        "en": "Question #{ticket} is no longer open.",
        "fr": "La question #{ticket} n'est plus ouverte.",
    },
    "which_offer": {
        "nl": "Je hebt meer dan een open vraag. Welke neem je op?",
        "en": "You have more than one open question. Which one do you take?",
        "fr": "Vous avez plus d'une question ouverte. Laquelle prenez-vous ?",
    },
    "not_your_offer": {
        "nl": "Vraag #{ticket} is niet aan jou aangeboden.",
        "en": "Question #{ticket} was not offered to you.",
        "fr": "La question #{ticket} ne vous a pas été proposée.",
    },
    "declined": {
        "nl": "Oké, ik vraag het aan iemand anders. Wil je zeggen waarom? Dat mag, hoeft niet.",
        "en": "OK, I'll ask someone else. Want to say why? Optional.",
        "fr": "D'accord, je demande à quelqu'un d'autre. Voulez-vous dire pourquoi ? Facultatif.",
    },
    "reason_busy": {"nl": "Geen tijd", "en": "No time", "fr": "Pas le temps"},
    "reason_topic": {"nl": "Niet mijn onderwerp", "en": "Not my topic", "fr": "Pas mon sujet"},
    "reason_away": {"nl": "Niet op de werkplek", "en": "Not at work", "fr": "Pas au travail"},
    "reason_saved": {"nl": "Bedankt, genoteerd.", "en": "Thanks, noted.", "fr": "Merci, c'est noté."},
    "pick_outcome": {
        "nl": "Hoe is vraag #{ticket} afgelopen?",
        "en": "How did question #{ticket} end?",
        "fr": "Comment s'est terminée la question #{ticket} ?",
    },
    "outcome_resolved": {"nl": "Opgelost", "en": "Resolved", "fr": "Résolu"},
    "outcome_referred_servicedesk": {"nl": "Naar servicedesk", "en": "Sent to service desk", "fr": "Vers le service desk"},
    "outcome_needs_training": {"nl": "Opleiding nodig", "en": "Needs training", "fr": "Formation nécessaire"},
    "outcome_not_resolved": {"nl": "Niet opgelost", "en": "Not resolved", "fr": "Non résolu"},
    "outcome_no_show": {"nl": "Niet komen opdagen", "en": "No show", "fr": "Absent"},
    "closed_coach": {
        "nl": "Vraag #{ticket} is afgesloten ({outcome}, {minutes} min). Bedankt!",
        "en": "Question #{ticket} is closed ({outcome}, {minutes} min). Thank you!",
        "fr": "La question #{ticket} est clôturée ({outcome}, {minutes} min). Merci !",
    },
    "closed_employee": {
        "nl": "{coach} heeft je vraag afgesloten. Bedankt! Hoe goed werd je geholpen? 1 = slecht, 5 = heel goed.",
        "en": "{coach} closed your question. Thank you! How well were you helped? 1 = poor, 5 = very good.",
        "fr": "{coach} a clôturé votre question. Merci ! Êtes-vous satisfait ? 1 = mauvais, 5 = très bien.",
    },
    "rating_thanks": {
        "nl": "Bedankt voor je score! Nog een vraag? Typ ze gewoon.",
        "en": "Thanks for your rating! Another question? Just type it.",
        "fr": "Merci pour votre note ! Une autre question ? Tapez-la.",
    },
    "waiting_for_coach_already": {
        "nl": "Je vraag #{ticket} wacht al op een digicoach; je krijgt een bericht zodra iemand ze opneemt. Stoppen? Typ /cancel.",
        "en": "Your question #{ticket} is already waiting for a digicoach; you'll get a message as soon as someone takes it. Stop? Type /cancel.",
        "fr": "Votre question #{ticket} attend déjà un digicoach ; vous aurez un message dès que quelqu'un la prend. Arrêter ? Tapez /cancel.",
    },
    "describe_for_person": {
        "nl": "Ik zoek graag een digicoach voor je. Waarover gaat het? Beschrijf het in een zin.",
        "en": "I'll gladly find a digicoach for you. What is it about? Describe it in a sentence.",
        "fr": "Je cherche volontiers un digicoach pour vous. De quoi s'agit-il ? Décrivez-le en une phrase.",
    },
    "answer_only_in": {
        "nl": "Deze uitleg heb ik alleen in het {language}:",
        "en": "I only have this explanation in {language}:",
        "fr": "Je n'ai cette explication qu'en {language} :",
    },
    "language_nl": {"nl": "Nederlands", "en": "Dutch", "fr": "néerlandais"},
    "language_en": {"nl": "Engels", "en": "English", "fr": "anglais"},
    "language_fr": {"nl": "Frans", "en": "French", "fr": "français"},
    "waiting_for_coach": {
        "nl": "Je vraag wacht nog op een digicoach; ik heb je bericht erbij gezet. Stoppen? Typ /cancel.",
        "en": "Your question is still waiting for a digicoach; I added your message. Stop? Type /cancel.",
        "fr": "Votre question attend encore un digicoach ; j'ai ajouté votre message. Arrêter ? Tapez /cancel.",
    },
    "cancelled": {
        "nl": "Je vraag is geannuleerd. Typ gerust een nieuwe vraag.",
        "en": "Your question was cancelled. Feel free to type a new one.",
        "fr": "Votre question est annulée. Tapez une nouvelle question si besoin.",
    },
    "cancelled_coach": {
        "nl": "{name} heeft vraag #{ticket} geannuleerd. Je hoeft niets meer te doen.",
        "en": "{name} cancelled question #{ticket}. Nothing more to do.",
        "fr": "{name} a annulé la question #{ticket}. Plus rien à faire.",
    },
    "nothing_to_cancel": {
        "nl": "Je hebt geen open vraag. Typ gerust een vraag.",
        "en": "You have no open question. Feel free to type one.",
        "fr": "Vous n'avez pas de question ouverte. Tapez-en une si besoin.",
    },
    "help_employee": {
        "nl": "Typ je vraag in een paar woorden, bv. “loonbrief” of “paswoord vergeten”. "
        "Ik geef het antwoord of zoek een digicoach.\n/lang nl|en|fr: taal\n/cancel: je vraag stoppen\n"
        "/scan: de digiscan, wat kan je al digitaal?",
        "en": "Type your question in a few words, e.g. “payslip” or “forgot password”. "
        "I'll answer or find a digicoach.\n/lang nl|en|fr: language\n/cancel: stop your question\n"
        "/scan: the skills scan, what can you already do digitally?",
        "fr": "Tapez votre question en quelques mots, p.ex. « fiche de paie » ou « mot de passe oublié ». "
        "Je réponds ou je cherche un digicoach.\n/lang nl|en|fr : langue\n/cancel : annuler votre question\n"
        "/scan : le scan numérique, que savez-vous déjà faire ?",
    },
    "help_coach": {
        "nl": "Digicoach-commando's:\n/tickets: jouw vragen\n/close UITKOMST [MINUTEN]: afsluiten\n"
        "/pause [2h | tot vrijdag]: pauze\n/resume: weer beschikbaar\n/status: wat de bot over je weet",
        "en": "Digicoach commands:\n/tickets: your questions\n/close OUTCOME [MINUTES]: close\n"
        "/pause [2h | until friday]: pause\n/resume: available again\n/status: what the bot knows about you",
        "fr": "Commandes digicoach :\n/tickets : vos questions\n/close RÉSULTAT [MINUTES] : clôturer\n"
        "/pause [2h | jusqu'à vendredi] : pause\n/resume : de nouveau disponible\n/status : votre statut",
    },
    "help_coordinator": {
        "nl": "Coördinator-commando's:\n/tickets: vragen die wachten of lang openstaan\n/faq: FAQ-voorstellen nakijken\n/web: aanmelden op de webconsole\n/help: deze hulp",
        "en": "Coordinator commands:\n/tickets: questions waiting or open for long\n/faq: review FAQ proposals\n/web: sign in to the web console\n/help: this help",
        "fr": "Commandes coordinateur :\n/tickets : questions en attente ou ouvertes depuis longtemps\n/faq : examiner les propositions FAQ\n/web : se connecter à la console web\n/help : cette aide",
    },
    "web_link": {
        "nl": "Je aanmeldlink voor de webconsole (één keer te gebruiken, {minutes} minuten geldig):\n{url}",
        "en": "Your sign-in link for the web console (use once, valid for {minutes} minutes):\n{url}",
        "fr": "Votre lien de connexion à la console web (une seule fois, valable {minutes} minutes) :\n{url}",
    },
    "lang_set": {
        "nl": "Ik spreek nu Nederlands met je.",
        "en": "I'll speak English with you now.",
        "fr": "Je vous parle maintenant en français.",
    },
    "lang_usage": {
        "nl": "Kies een taal: /lang nl, /lang en of /lang fr.",
        "en": "Choose a language: /lang nl, /lang en or /lang fr.",
        "fr": "Choisissez une langue : /lang nl, /lang en ou /lang fr.",
    },
    "lang_hint": {
        "nl": "Je schreef in het Nederlands, dus ik antwoord in het Nederlands. Altijd Nederlands? Typ /lang nl.",
        "en": "You wrote in English, so I answer in English. Always English? Type /lang en.",
        "fr": "Vous avez écrit en français, je réponds donc en français. Toujours en français ? Tapez /lang fr.",
    },
    "unknown_command": {
        "nl": "Dat commando ken ik niet. Typ /help om te zien wat kan.",
        "en": "I don't know that command. Type /help to see what you can do.",
        "fr": "Je ne connais pas cette commande. Tapez /help pour voir les options.",
    },
    "only_coach": {
        "nl": "{command} is voor digicoaches. Typ /help om te zien wat jij kan.",
        "en": "{command} is for digicoaches. Type /help to see what you can do.",
        "fr": "{command} est pour les digicoaches. Tapez /help pour voir vos options.",
    },
    "only_employee": {
        "nl": "{command} is voor collega's met een vraag. Typ /help om te zien wat jij kan.",
        "en": "{command} is for colleagues with a question. Type /help to see what you can do.",
        "fr": "{command} est pour les collègues avec une question. Tapez /help pour voir vos options.",
    },
    "only_coordinator": {
        "nl": "{command} is voor coördinatoren. Typ /help om te zien wat jij kan.",
        "en": "{command} is for coordinators. Type /help to see what you can do.",
        "fr": "{command} est pour les coordinateurs. Tapez /help pour voir vos options.",
    },
    "slow_down": {
        "nl": "Je stuurt veel berichten na elkaar. Wacht even een minuutje en probeer dan opnieuw.",
        "en": "You are sending a lot of messages. Please wait a minute, then try again.",
        "fr": "Vous envoyez beaucoup de messages. Attendez une minute, puis réessayez.",
    },
    "empty": {
        "nl": "Ik kreeg een leeg bericht. Typ je vraag in een paar woorden.",
        "en": "I got an empty message. Type your question in a few words.",
        "fr": "J'ai reçu un message vide. Tapez votre question en quelques mots.",
    },
    "too_long": {
        "nl": "Je bericht was erg lang; ik heb het begin gebruikt.",
        "en": "Your message was very long; I used the beginning.",
        "fr": "Votre message était très long ; j'en ai utilisé le début.",
    },
    "no_buttons": {
        "nl": "Er is nu niets om te kiezen. Typ je vraag, of /help.",
        "en": "There is nothing to choose right now. Type your question, or /help.",
        "fr": "Il n'y a rien à choisir maintenant. Tapez votre question, ou /help.",
    },
    "bad_number": {
        "nl": "Kies een nummer van 1 tot {count}.",
        "en": "Choose a number from 1 to {count}.",
        "fr": "Choisissez un numéro de 1 à {count}.",
    },
    "stale_button": {
        "nl": "Die knop is niet meer geldig. Typ je vraag, of /help.",
        "en": "That button is no longer valid. Type your question, or /help.",
        "fr": "Ce bouton n'est plus valable. Tapez votre question, ou /help.",
    },
    "paused": {
        "nl": "Je staat op pauze{until}. Je krijgt geen nieuwe vragen. /resume om terug te komen.",
        "en": "You are paused{until}. You won't get new questions. /resume to come back.",
        "fr": "Vous êtes en pause{until}. Pas de nouvelles questions. /resume pour revenir.",
    },
    "until": {"nl": " tot {when}", "en": " until {when}", "fr": " jusqu'à {when}"},
    "pause_usage": {
        "nl": "Dat begrijp ik niet. Probeer: /pause 2h, /pause tot vrijdag, /pause tot 14:00, of gewoon /pause.",
        "en": "I don't understand. Try: /pause 2h, /pause until friday, /pause until 14:00, or just /pause.",
        "fr": "Je ne comprends pas. Essayez : /pause 2h, /pause jusqu'à vendredi, /pause jusqu'à 14:00, ou /pause.",
    },
    "resumed": {
        "nl": "Welkom terug! Je krijgt weer vragen.",
        "en": "Welcome back! You'll get questions again.",
        "fr": "Bon retour ! Vous recevez de nouveau des questions.",
    },
    "paused_by_coordinator": {
        "nl": "Een coördinator heeft je op pauze gezet{until}. Je krijgt geen nieuwe vragen. /resume om terug te komen.",
        "en": "A coordinator paused you{until}. You won't get new questions. /resume to come back.",
        "fr": "Un coordinateur vous a mis en pause{until}. Pas de nouvelles questions. /resume pour revenir.",
    },
    "resumed_by_coordinator": {
        "nl": "Een coördinator heeft je pauze beëindigd. Je krijgt weer vragen; /pause om even te stoppen.",
        "en": "A coordinator ended your pause. You'll get questions again; /pause to stop for a while.",
        "fr": "Un coordinateur a mis fin à votre pause. Vous recevez de nouveau des questions ; /pause pour arrêter un moment.",
    },
    "status": {
        "nl": "Status: {state}. Open: {open} van {capacity}. Uren: {hours}. Site: {site}.",
        "en": "Status: {state}. Open: {open} of {capacity}. Hours: {hours}. Site: {site}.",
        "fr": "Statut : {state}. Ouvertes : {open} sur {capacity}. Horaires : {hours}. Site : {site}.",
    },
    "status_available": {"nl": "beschikbaar", "en": "available", "fr": "disponible"},
    "status_inactive": {"nl": "niet actief in de lijst", "en": "not active in the directory", "fr": "inactif"},
    "status_paused": {"nl": "op pauze", "en": "paused", "fr": "en pause"},
    "status_outside_hours": {"nl": "buiten je uren", "en": "outside your hours", "fr": "hors horaires"},
    "status_at_capacity": {"nl": "vol", "en": "full", "fr": "complet"},
    "tickets_none": {"nl": "Je hebt geen vragen.", "en": "You have no questions.", "fr": "Vous n'avez pas de questions."},
    "tickets_none_stuck": {
        "nl": "Er wachten geen vragen. Alles loopt.",
        "en": "No questions are waiting. All is well.",
        "fr": "Aucune question en attente. Tout va bien.",
    },
    "close_usage": {
        "nl": "Gebruik: /close UITKOMST [MINUTEN], bv. /close opgelost 10. Uitkomsten: {outcomes}.",
        "en": "Use: /close OUTCOME [MINUTES], e.g. /close resolved 10. Outcomes: {outcomes}.",
        "fr": "Utilisez : /close RÉSULTAT [MINUTES], p.ex. /close résolu 10. Résultats : {outcomes}.",
    },
    "nothing_to_close": {
        "nl": "Je hebt geen open vraag om af te sluiten.",
        "en": "You have no open question to close.",
        "fr": "Vous n'avez pas de question ouverte à clôturer.",
    },
    "error": {
        "nl": "Er ging iets mis. Probeer het zo opnieuw.",
        "en": "Something went wrong. Please try again in a moment.",
        "fr": "Un problème est survenu. Réessayez dans un instant.",
    },
    "media_unsupported": {
        "nl": "Spraakberichten, stickers en bestanden kan ik niet lezen. Typ je vraag in een paar woorden.",
        "en": "I can't read voice notes, stickers or files. Type your question in a few words.",
        "fr": "Je ne peux pas lire les messages vocaux, autocollants ou fichiers. Tapez votre question.",
    },
    "photo_outside": {
        "nl": "Bedankt voor de foto. Wat is het probleem? Typ het in een paar woorden.",
        "en": "Thanks for the photo. What is the problem? Type it in a few words.",
        "fr": "Merci pour la photo. Quel est le problème ? Tapez-le en quelques mots.",
    },
    "location_saved": {
        "nl": "Bedankt, ik gebruik je locatie om een digicoach dichtbij te zoeken.",
        "en": "Thanks, I'll use your location to find a digicoach nearby.",
        "fr": "Merci, j'utilise votre position pour trouver un digicoach proche.",
    },
    "location_button": {"nl": "📍 Deel mijn locatie", "en": "📍 Share my location", "fr": "📍 Partager ma position"},
    "location_hint": {
        "nl": "Of deel je locatie met de knop onderaan.",
        "en": "Or share your location with the button below.",
        "fr": "Ou partagez votre position avec le bouton en bas.",
    },
    # the command menu (Telegram set_my_commands): one short line per command
    "cmd_help": {"nl": "Hulp en uitleg", "en": "Help", "fr": "Aide"},
    "cmd_lang": {"nl": "Taal kiezen: /lang nl, en of fr", "en": "Language: /lang nl, en or fr", "fr": "Langue : /lang nl, en ou fr"},
    "cmd_cancel": {"nl": "Je vraag stoppen", "en": "Stop your question", "fr": "Arrêter votre question"},
    "cmd_scan": {"nl": "De digiscan: wat kan je al?", "en": "The skills scan", "fr": "Le scan numérique"},
    "cmd_tickets": {"nl": "Jouw vragen", "en": "Your questions", "fr": "Vos questions"},
    "cmd_tickets_coordinator": {
        "nl": "Vragen die wachten of lang openstaan",
        "en": "Questions waiting or open for long",
        "fr": "Questions en attente ou ouvertes depuis longtemps",
    },
    "cmd_close": {"nl": "Vraag afsluiten: /close UITKOMST [MINUTEN]", "en": "Close: /close OUTCOME [MINUTES]", "fr": "Clôturer : /close RÉSULTAT [MINUTES]"},
    "cmd_pause": {"nl": "Pauze: /pause 2h of /pause tot vrijdag", "en": "Pause: /pause 2h or /pause until friday", "fr": "Pause : /pause 2h ou /pause jusqu'à vendredi"},
    "cmd_resume": {"nl": "Weer beschikbaar", "en": "Available again", "fr": "De nouveau disponible"},
    "cmd_status": {"nl": "Wat de bot over je weet", "en": "What the bot knows about you", "fr": "Ce que le bot sait de vous"},
    "reminder_coach": {
        "nl": "Vraag #{ticket} van {name} staat nog open. Klaar? Sluit ze af.",
        "en": "Question #{ticket} from {name} is still open. Done? Close it.",
        "fr": "La question #{ticket} de {name} est encore ouverte. Terminé ? Clôturez-la.",
    },
    "auto_closed_employee": {
        "nl": "Je vraag #{ticket} is afgesloten omdat we een tijd niets hoorden. Nog hulp nodig? Typ gerust opnieuw.",
        "en": "Your question #{ticket} was closed as we heard nothing for a while. Still need help? Just type again.",
        "fr": "Votre question #{ticket} est clôturée faute de nouvelles. Encore besoin d'aide ? Écrivez à nouveau.",
    },
    "auto_closed_coach": {
        "nl": "Vraag #{ticket} is automatisch afgesloten (geen reactie).",
        "en": "Question #{ticket} was closed automatically (no reply).",
        "fr": "La question #{ticket} a été clôturée automatiquement (pas de réponse).",
    },
    "escalation": {
        "nl": "Vraag #{ticket} ({site}, taal {language}) wacht al {waited} op een digicoach. Wie kan helpen?",
        "en": "Question #{ticket} ({site}, language {language}) has waited {waited} for a digicoach. Who can help?",
        "fr": "La question #{ticket} ({site}, langue {language}) attend depuis {waited}. Qui peut aider ?",
    },
    "stale_ticket": {
        "nl": "Vraag #{ticket} staat al {days} dagen open bij {coach}.",
        "en": "Question #{ticket} has been open with {coach} for {days} days.",
        "fr": "La question #{ticket} est ouverte chez {coach} depuis {days} jours.",
    },
    "assigned": {
        "nl": "Vraag #{ticket} is aangeboden aan {coach}.",
        "en": "Question #{ticket} was offered to {coach}.",
        "fr": "La question #{ticket} a été proposée à {coach}.",
    },
    "cannot_assign": {
        "nl": "Vraag #{ticket} kan nu niet toegewezen worden (ze is niet meer wachtend, of de coach is onbekend).",
        "en": "Question #{ticket} can't be assigned now (no longer waiting, or unknown coach).",
        "fr": "La question #{ticket} ne peut pas être attribuée (plus en attente, ou coach inconnu).",
    },
    "handed_back": {
        "nl": "Je hebt vraag #{ticket} teruggegeven. Ik zoek iemand anders.",
        "en": "You handed back question #{ticket}. I'll find someone else.",
        "fr": "Vous avez rendu la question #{ticket}. Je cherche quelqu'un d'autre.",
    },
    "employee_handed_back": {
        "nl": "{coach} kan je toch niet helpen. Ik zoek een andere digicoach.",
        "en": "{coach} can't help after all. I'm looking for another digicoach.",
        "fr": "{coach} ne peut finalement pas aider. Je cherche un autre digicoach.",
    },
    "offer_timed_out_coach": {
        "nl": "Je reageerde niet op vraag #{ticket}; ik heb ze aan iemand anders gegeven.",
        "en": "You didn't answer question #{ticket}; I passed it to someone else.",
        "fr": "Vous n'avez pas répondu à la question #{ticket} ; je l'ai transmise à quelqu'un d'autre.",
    },
    "no_current_ticket": {
        "nl": "Je helpt nu niemand. Wacht op een nieuwe vraag, of typ /help.",
        "en": "You're not helping anyone right now. Wait for a new question, or type /help.",
        "fr": "Vous n'aidez personne pour l'instant. Attendez une question, ou tapez /help.",
    },
    "relay": {"nl": "{name}: {text}", "en": "{name}: {text}", "fr": "{name} : {text}"},
    "relay_photo": {
        "nl": "{name} stuurt een foto.",
        "en": "{name} sent a photo.",
        "fr": "{name} a envoyé une photo.",
    },
    "coordinator_idle": {
        "nl": "Typ /tickets om wachtende vragen te zien, /faq voor FAQ-voorstellen, of /help.",
        "en": "Type /tickets to see waiting questions, /faq for FAQ proposals, or /help.",
        "fr": "Tapez /tickets pour voir les questions en attente, /faq pour les propositions FAQ, ou /help.",
    },
    "invite_welcome": {
        "nl": "Welkom, {name}! Je bent nu gekoppeld. Bedankt om te helpen.",
        "en": "Welcome, {name}! You are now linked. Thanks for helping.",
        "fr": "Bienvenue, {name} ! Vous êtes maintenant lié(e). Merci de votre aide.",
    },
    "invite_invalid": {
        "nl": "Deze uitnodiging is ongeldig, al gebruikt of verlopen. Vraag je coördinator een nieuwe.",
        "en": "This invitation is invalid, already used or expired. Ask your coordinator for a new one.",
        "fr": "Cette invitation n'est pas valable, déjà utilisée ou expirée. Demandez-en une nouvelle.",
    },
    "unknown_person": {
        "nl": "Ik ken je nog niet als digicoach of coördinator. Vraag je coördinator om een uitnodiging.",
        "en": "I don't know you as a digicoach or coordinator yet. Ask your coordinator for an invitation.",
        "fr": "Je ne vous connais pas encore comme digicoach ou coordinateur. Demandez une invitation.",
    },
    "teams_no_file": {
        "nl": "Het bestand {name} kan ik in Teams niet sturen. Vraag het aan je coördinator.",
        "en": "I can't send the file {name} in Teams. Ask your coordinator for it.",
        "fr": "Je ne peux pas envoyer le fichier {name} dans Teams. Demandez-le à votre coordinateur.",
    },
    "unreachable_coordinator": {
        "nl": "Ik kan {name} niet meer bereiken via {channel}. Vraag {name} om de app opnieuw te installeren of een nieuwe uitnodiging te gebruiken.",
        "en": "I can no longer reach {name} on {channel}. Ask {name} to reinstall the app or to use a new invitation.",
        "fr": "Je ne peux plus joindre {name} sur {channel}. Demandez à {name} de réinstaller l'application ou d'utiliser une nouvelle invitation.",
    },
    # -- the learning FAQ: a coach's "good FAQ question", a coordinator's review (bot/engine/faq_review.py) --
    "faq_mark": {"nl": "Goede FAQ-vraag", "en": "Good FAQ question", "fr": "Bonne question FAQ"},
    "faq_mark_ask": {
        "nl": "Goed idee! Typ kort het antwoord dat je gaf; een coördinator bekijkt het voor het in de FAQ komt.",
        "en": "Good idea! Type the short answer you gave; a coordinator checks it before it goes into the FAQ.",
        "fr": "Bonne idée ! Tapez la réponse courte que vous avez donnée ; un coordinateur la vérifie avant la FAQ.",
    },
    "faq_mark_not_now": {"nl": "Laat maar", "en": "Never mind", "fr": "Laisser"},
    "faq_mark_dropped": {"nl": "Goed, niets bewaard.", "en": "Fine, nothing saved.", "fr": "D'accord, rien n'est enregistré."},
    "faq_mark_too_short": {
        "nl": "Dat is wat kort. Typ het antwoord in een zin of twee.",
        "en": "That is a bit short. Type the answer in a sentence or two.",
        "fr": "C'est un peu court. Tapez la réponse en une ou deux phrases.",
    },
    "faq_mark_unusable": {
        "nl": "Vraag #{ticket} kan geen FAQ-vraag worden (te kort, of de tekst is al gewist).",
        "en": "Question #{ticket} can't become an FAQ question (too short, or its text was erased).",
        "fr": "La question #{ticket} ne peut pas devenir une question FAQ (trop courte, ou texte effacé).",
    },
    "faq_mark_saved": {
        "nl": "Bedankt! Een coördinator bekijkt je voorstel.",
        "en": "Thanks! A coordinator will review your proposal.",
        "fr": "Merci ! Un coordinateur examinera votre proposition.",
    },
    "faq_review_none": {
        "nl": "Er wachten geen FAQ-voorstellen meer. Goed bezig!",
        "en": "No FAQ proposals are waiting. All done!",
        "fr": "Plus aucune proposition FAQ en attente. Terminé !",
    },
    "faq_review_head": {
        "nl": "FAQ-voorstel #{id} ({waiting} wachten) · {seen}× gevraagd · {source}",
        "en": "FAQ proposal #{id} ({waiting} waiting) · asked {seen}× · {source}",
        "fr": "Proposition FAQ #{id} ({waiting} en attente) · posée {seen}× · {source}",
    },
    "faq_source_picked": {"nl": "suggestie gekozen", "en": "suggestion picked", "fr": "suggestion choisie"},
    "faq_source_confirmed": {"nl": "antwoord hielp", "en": "answer helped", "fr": "la réponse a aidé"},
    "faq_source_coach": {"nl": "van een digicoach", "en": "from a digicoach", "fr": "d'un digicoach"},
    "faq_source_gap": {"nl": "onbeantwoorde vragen", "en": "unanswered questions", "fr": "questions sans réponse"},
    "faq_source_console": {"nl": "webconsole", "en": "web console", "fr": "console web"},
    "faq_review_phrasing": {
        "nl": "Nieuwe manier om te vragen naar: {title}\n{answer}",
        "en": "A new way to ask about: {title}\n{answer}",
        "fr": "Nouvelle façon de demander : {title}\n{answer}",
    },
    "faq_review_entry": {
        "nl": "Nieuw FAQ-item ({entry}):\n{answer}",
        "en": "New FAQ entry ({entry}):\n{answer}",
        "fr": "Nouvelle entrée FAQ ({entry}) :\n{answer}",
    },
    "faq_review_no_answer": {"nl": "(nog geen antwoord)", "en": "(no answer yet)", "fr": "(pas encore de réponse)"},
    "faq_approve": {"nl": "Goedkeuren", "en": "Approve", "fr": "Approuver"},
    "faq_edit": {"nl": "Aanpassen", "en": "Edit", "fr": "Modifier"},
    "faq_reject": {"nl": "Afwijzen", "en": "Reject", "fr": "Rejeter"},
    "faq_skip": {"nl": "Volgende", "en": "Next", "fr": "Suivante"},
    "faq_approved": {
        "nl": "Goedgekeurd: “{question}” staat nu in de FAQ.",
        "en": "Approved: “{question}” is in the FAQ now.",
        "fr": "Approuvé : « {question} » est maintenant dans la FAQ.",
    },
    "faq_rejected": {"nl": "Afgewezen.", "en": "Rejected.", "fr": "Rejeté."},
    "faq_already_decided": {
        "nl": "Voorstel #{id} is al {status} door {by}.",
        "en": "Proposal #{id} was already {status} by {by}.",
        "fr": "La proposition #{id} a déjà été {status} par {by}.",
    },
    "faq_status_approved": {"nl": "goedgekeurd", "en": "approved", "fr": "approuvée"},
    "faq_status_rejected": {"nl": "afgewezen", "en": "rejected", "fr": "rejetée"},
    "faq_unknown_candidate": {
        "nl": "Voorstel #{id} bestaat niet (meer).",
        "en": "Proposal #{id} does not exist (any more).",
        "fr": "La proposition #{id} n'existe pas (plus).",
    },
    "faq_entry_gone": {
        "nl": "Het FAQ-item {entry} bestaat niet meer; wijs dit voorstel af of pas de FAQ-bestanden aan.",
        "en": "The FAQ entry {entry} no longer exists; reject this proposal or fix the FAQ files.",
        "fr": "L'entrée FAQ {entry} n'existe plus ; rejetez cette proposition ou corrigez les fichiers FAQ.",
    },
    "faq_type_question": {
        "nl": "Typ de vraag zoals ze in de FAQ moet komen (nu: “{question}”).",
        "en": "Type the question as it should read in the FAQ (now: “{question}”).",
        "fr": "Tapez la question telle qu'elle doit figurer dans la FAQ (actuellement : « {question} »).",
    },
    "faq_type_answer": {
        "nl": "Typ het antwoord voor “{question}”.",
        "en": "Type the answer for “{question}”.",
        "fr": "Tapez la réponse pour « {question} ».",
    },
    "faq_type_id": {
        "nl": "Het nieuwe item krijgt het id {entry}. Goed zo? Kies Goedkeuren, of typ een ander id (kleine letters, cijfers en _).",
        "en": "The new entry gets the id {entry}. Fine? Press Approve, or type another id (lower-case letters, digits and _).",
        "fr": "La nouvelle entrée reçoit l'identifiant {entry}. D'accord ? Choisissez Approuver, ou tapez un autre identifiant (minuscules, chiffres et _).",
    },
    "faq_bad_id": {
        "nl": "“{entry}” kan geen id zijn: gebruik kleine letters, cijfers en _ (zoals loonbrief_kwijt), en een id dat nog niet bestaat.",
        "en": "“{entry}” can't be an id: use lower-case letters, digits and _ (like payslip_lost), and an id not in use yet.",
        "fr": "« {entry} » ne peut pas être un identifiant : minuscules, chiffres et _ (comme fiche_perdue), et pas encore utilisé.",
    },
    "faq_too_short": {
        "nl": "Dat is te kort voor de FAQ. Typ het opnieuw.",
        "en": "That is too short for the FAQ. Type it again.",
        "fr": "C'est trop court pour la FAQ. Tapez-le à nouveau.",
    },
    "cmd_faq": {"nl": "FAQ-voorstellen nakijken", "en": "Review FAQ proposals", "fr": "Examiner les propositions FAQ"},
    "cmd_web": {"nl": "Aanmeldlink voor de webconsole", "en": "Sign-in link for the web console",
                "fr": "Lien de connexion à la console web"},
    # -- weekly digest (coordinators) ---------------------------------------
    "digest_title": {"nl": "Weekoverzicht {week}", "en": "Weekly digest {week}", "fr": "Résumé de la semaine {week}"},
    "digest_period": {"nl": "{first} tot {last}", "en": "{first} to {last}", "fr": "du {first} au {last}"},
    "digest_scope": {"nl": "Afdelingen: {departments}", "en": "Departments: {departments}", "fr": "Services : {departments}"},
    "digest_late": {
        "nl": "(laat: de bot was offline op het gewone uur)",
        "en": "(late: the bot was offline at the usual time)",
        "fr": "(en retard : le bot était hors ligne à l'heure habituelle)",
    },
    "digest_none": {"nl": "Geen vragen deze week.", "en": "No questions this week.", "fr": "Aucune question cette semaine."},
    "digest_files": {
        "nl": "Het volledige rapport zit in de bijlagen (HTML en CSV).",
        "en": "The full report is attached (HTML and CSV).",
        "fr": "Le rapport complet est en pièce jointe (HTML et CSV).",
    },
    "digest_vs": {
        "nl": "pijlen: t.o.v. het gemiddelde van de 4 weken ervoor",
        "en": "arrows: against the average of the 4 weeks before",
        "fr": "flèches : par rapport à la moyenne des 4 semaines précédentes",
    },
    "digest_questions": {"nl": "Vragen", "en": "Questions", "fr": "Questions"},
    "digest_faq_solved": {"nl": "Opgelost door de FAQ", "en": "Solved by the FAQ", "fr": "Résolues par la FAQ"},
    "digest_faq_unconfirmed": {  # self-served without a yes: silence, or the employee moved on
        "nl": "Beantwoord, niet bevestigd", "en": "Answered, not confirmed", "fr": "Répondues, non confirmées",
    },
    "digest_suggestions_used": {"nl": "Suggestie gekozen", "en": "Suggestion picked", "fr": "Suggestion choisie"},
    "digest_routed": {"nl": "Naar een digicoach", "en": "Sent to a digicoach", "fr": "Envoyées à un digicoach"},
    "digest_accepted": {"nl": "Aanvaard", "en": "Accepted", "fr": "Acceptées"},
    "digest_queued": {"nl": "Wachtrij", "en": "Queued", "fr": "En attente"},
    "digest_escalated": {"nl": "Geëscaleerd", "en": "Escalated", "fr": "Escaladées"},
    "digest_cancelled": {"nl": "Geannuleerd", "en": "Cancelled", "fr": "Annulées"},
    "digest_closed": {"nl": "Afgesloten", "en": "Closed", "fr": "Clôturées"},
    "digest_open": {"nl": "Nog open", "en": "Still open", "fr": "Encore ouvertes"},
    "digest_wait": {"nl": "Wachttijd", "en": "Wait", "fr": "Attente"},
    "digest_wait_median": {"nl": "Wachttijd (mediaan)", "en": "Wait (median)", "fr": "Attente (médiane)"},
    "digest_wait_p90": {"nl": "Wachttijd (p90)", "en": "Wait (p90)", "fr": "Attente (p90)"},
    "digest_handling_median": {"nl": "Hulptijd (mediaan)", "en": "Handling (median)", "fr": "Durée d'aide (médiane)"},
    "digest_coach_minutes": {"nl": "Digicoach-minuten", "en": "Coach minutes", "fr": "Minutes de digicoach"},
    "digest_rating": {"nl": "Score", "en": "Rating", "fr": "Note"},
    "digest_outcomes": {"nl": "Afloop (afgesloten vragen)", "en": "Outcomes (closed questions)", "fr": "Issue (questions clôturées)"},
    "digest_by_department": {"nl": "Per afdeling", "en": "By department", "fr": "Par service"},
    "digest_by_site": {"nl": "Per plek", "en": "By site", "fr": "Par lieu"},
    # k-anonymity (storage/kanon.py): departments and sites of fewer than {k} people only together
    "digest_other": {"nl": "Overige", "en": "Other", "fr": "Autres"},
    "digest_other_department_one": {"nl": "Overige (1 afdeling)", "en": "Other (1 department)", "fr": "Autres (1 service)"},
    "digest_other_department_many": {
        "nl": "Overige ({n} afdelingen)", "en": "Other ({n} departments)", "fr": "Autres ({n} services)",
    },
    "digest_other_site_one": {"nl": "Overige (1 plek)", "en": "Other (1 site)", "fr": "Autres (1 lieu)"},
    "digest_other_site_many": {"nl": "Overige ({n} plekken)", "en": "Other ({n} sites)", "fr": "Autres ({n} lieux)"},
    "digest_too_few_people": {
        "nl": "Minder dan {k} mensen deze week: niet apart getoond.",
        "en": "Fewer than {k} people this week: not shown separately.",
        "fr": "Moins de {k} personnes cette semaine : pas de détail.",
    },
    "digest_rating_hidden": {
        "nl": "– (minder dan {k} mensen)", "en": "– (fewer than {k} people)", "fr": "– (moins de {k} personnes)",
    },
    "digest_days": {"nl": "Vragen per dag", "en": "Questions per day", "fr": "Questions par jour"},
    "digest_trend": {"nl": "Vragen per week (8 weken)", "en": "Questions per week (8 weeks)", "fr": "Questions par semaine (8 semaines)"},
    "digest_busiest": {
        "nl": "Drukste dag: {day} ({count}); drukste uren: {hours}",
        "en": "Busiest day: {day} ({count}); busiest hours: {hours}",
        "fr": "Jour le plus chargé : {day} ({count}) ; heures de pointe : {hours}",
    },
    "digest_faq_top": {"nl": "Meest gebruikte FAQ-antwoorden", "en": "Most used FAQ answers", "fr": "Réponses FAQ les plus utilisées"},
    "digest_shown": {"nl": "Getoond", "en": "Shown", "fr": "Affichées"},
    "digest_solved": {"nl": "Opgelost", "en": "Solved", "fr": "Résolues"},
    "digest_not_confirmed": {"nl": "Niet bevestigd", "en": "Not confirmed", "fr": "Non confirmées"},
    "digest_unhelpful": {"nl": "Hielp niet", "en": "Did not help", "fr": "Pas utile"},
    "digest_gaps": {
        "nl": "Vragen zonder FAQ-antwoord (gegroepeerd, persoonsgegevens verborgen)",
        "en": "Questions the FAQ could not answer (grouped, personal details hidden)",
        "fr": "Questions sans réponse FAQ (groupées, données personnelles masquées)",
    },
    "digest_example": {"nl": "Voorbeeld", "en": "Example", "fr": "Exemple"},
    "digest_count": {"nl": "Aantal", "en": "Count", "fr": "Nombre"},
    "digest_coaches": {
        "nl": "Digicoaches (alleen voor coördinatoren)",
        "en": "Digicoaches (for coordinators only)",
        "fr": "Digicoachs (réservé aux coordinateurs)",
    },
    "digest_coach": {"nl": "Digicoach", "en": "Digicoach", "fr": "Digicoach"},
    "digest_department": {"nl": "Afdeling", "en": "Department", "fr": "Service"},
    "digest_site": {"nl": "Plek", "en": "Site", "fr": "Lieu"},
    "digest_week": {"nl": "Week", "en": "Week", "fr": "Semaine"},
    "digest_minutes": {"nl": "Minuten", "en": "Minutes", "fr": "Minutes"},
    "digest_nothing": {"nl": "Niets deze week.", "en": "Nothing this week.", "fr": "Rien cette semaine."},
    "digest_day_names": {"nl": "ma di wo do vr za zo", "en": "Mon Tue Wed Thu Fri Sat Sun", "fr": "lun mar mer jeu ven sam dim"},
    "digest_ending_faq": {"nl": "FAQ", "en": "FAQ", "fr": "FAQ"},
    "digest_ending_coach": {"nl": "Digicoach", "en": "Digicoach", "fr": "Digicoach"},
    "digest_ending_cancelled": {"nl": "Geannuleerd", "en": "Cancelled", "fr": "Annulée"},
    "digest_ending_open": {"nl": "Nog open", "en": "Still open", "fr": "Encore ouverte"},
}

TEXTS.update(SCAN_TEXTS)


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for `key` in `lang`, falling back to Dutch, with {placeholders} filled in."""
    forms = TEXTS[key]
    template = forms.get(lang or "nl") or forms["nl"]
    return template.format(**values) if values else template
